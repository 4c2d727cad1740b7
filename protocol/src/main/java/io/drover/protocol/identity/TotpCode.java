package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /api/v1/auth/totp/confirm: the code the authenticator app shows for the pending secret. */
public record TotpCode(@JsonProperty("code") String code) {}
