package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An agent's renewal: a PEM PKCS#10 CSR for a new key, sent over mutual TLS with its current certificate. */
public record CertificateRequest(@JsonProperty("csr") String csr) {}
