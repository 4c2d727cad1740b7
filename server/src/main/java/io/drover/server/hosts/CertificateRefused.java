package io.drover.server.hosts;

import io.drover.server.http.ApiException;

/** A client certificate that proves no host: not Drover's, expired, revoked, or of a removed host (401); the detail says which. */
final class CertificateRefused extends ApiException {
    CertificateRefused(String detail) {
        super(401, "Unauthorized", detail);
    }
}
