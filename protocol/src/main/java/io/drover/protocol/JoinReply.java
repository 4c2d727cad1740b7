package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The server's answer to a join (and to a certificate renewal): the host's id, its client
 * certificate (PEM; host id in the subject's CN), the CA that signed it (PEM) and that CA's
 * {@code sha256:HEX} fingerprint, and when the certificate expires (RFC 3339).
 */
public record JoinReply(@JsonProperty("host_id") String hostId,
                        @JsonProperty("certificate") String certificate,
                        @JsonProperty("ca_certificate") String caCertificate,
                        @JsonProperty("ca_fingerprint") String caFingerprint,
                        @JsonProperty("not_after") String notAfter) {}
