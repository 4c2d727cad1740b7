package io.drover.server.tls;

import io.drover.server.http.InvalidRequest;

/** A certificate signing request that is not PEM, not PKCS#10, not self-signed by its key, or of a refused key type (400). */
public final class InvalidCsr extends InvalidRequest {
    InvalidCsr(String detail) {
        super(detail);
    }
}
