package io.drover.server.tls;

/** A certificate signing request that is not PEM, not PKCS#10, not self-signed by its key, or of a refused key type (mapped to 400 by the HTTP layer). */
public final class InvalidCsr extends IllegalArgumentException {
    InvalidCsr(String detail) {
        super(detail);
    }
}
