package io.drover.server.relay;

import io.drover.server.http.ApiException;

/** More console tickets or relays are open than the server keeps (503). */
final class TooManyConsoles extends ApiException {
    TooManyConsoles(String detail) {
        super(503, "Service Unavailable", detail);
    }
}
