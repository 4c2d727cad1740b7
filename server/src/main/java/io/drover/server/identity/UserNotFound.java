package io.drover.server.identity;

import io.drover.server.http.ApiException;

public final class UserNotFound extends ApiException {
    public UserNotFound(String idOrName) {
        super(404, "Not Found", "no user " + idOrName);
    }
}
