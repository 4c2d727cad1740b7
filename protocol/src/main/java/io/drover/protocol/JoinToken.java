package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A new one-time join token: shown once, valid until {@code expires_at}, with the fingerprint of
 * the server's TLS certificate (agents pin it) and a ready-to-paste {@code drover-agent} command.
 */
public record JoinToken(@JsonProperty("token") String token, @JsonProperty("expires_at") String expiresAt,
                        @JsonProperty("server_fingerprint") String serverFingerprint,
                        @JsonProperty("command") String command) {}
