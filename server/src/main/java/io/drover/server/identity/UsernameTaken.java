package io.drover.server.identity;

import io.drover.server.http.ApiException;

public final class UsernameTaken extends ApiException {
    public UsernameTaken(String username) {
        super(409, "Conflict", "a user named " + username + " already exists");
    }
}
