package io.drover.server.relay;

import io.drover.server.http.ApiException;

/** The VM has no console to open now: stopped, on no host, its host not linked (409). */
final class ConsoleUnavailable extends ApiException {
    ConsoleUnavailable(String detail) {
        super(409, "Conflict", detail);
    }
}
