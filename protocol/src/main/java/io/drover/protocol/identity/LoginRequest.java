package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /api/v1/auth/login: a password, and the current TOTP code (or a recovery code) when two-factor is on. */
public record LoginRequest(@JsonProperty("username") String username, @JsonProperty("password") String password,
                           @JsonProperty("totp") String totp) {}
