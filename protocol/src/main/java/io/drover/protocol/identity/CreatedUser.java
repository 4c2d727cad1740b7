package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A new user, with the generated password when none was given (shown this once). */
public record CreatedUser(@JsonProperty("user") UserInfo user, @JsonProperty("password") String password) {}
