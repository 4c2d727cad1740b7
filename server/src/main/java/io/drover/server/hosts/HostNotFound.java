package io.drover.server.hosts;

import io.drover.server.http.ApiException;

/** No host has this id (404). */
final class HostNotFound extends ApiException {
    HostNotFound(String id) {
        super(404, "Not Found", "no host with id " + id);
    }
}
