package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A new one-time join token: shown once, valid until {@code expires_at}. */
public record JoinToken(@JsonProperty("token") String token, @JsonProperty("expires_at") String expiresAt) {}
