package io.drover.server.networks;

import io.drover.server.http.ApiException;

/** No such network, or one the caller's projects cannot use. */
public final class NetworkNotFound extends ApiException {
    NetworkNotFound(String detail) {
        super(404, "Not Found", detail);
    }
}
