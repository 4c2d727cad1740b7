package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /api/v1/auth/totp/disable: the password and a current code (or a recovery code). */
public record TotpDisable(@JsonProperty("password") String password, @JsonProperty("code") String code) {}
