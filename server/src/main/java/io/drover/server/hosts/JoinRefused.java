package io.drover.server.hosts;

import io.drover.server.http.ApiException;

/** A join token that is unknown, used or expired (401); the detail says which. */
final class JoinRefused extends ApiException {
    JoinRefused(String detail) {
        super(401, "Unauthorized", detail);
    }
}
