package io.drover.server.identity;

import io.drover.server.http.ApiException;
import java.util.Map;

/** 401 at login. The detail never tells whether the username exists. */
public final class LoginFailed extends ApiException {
    public LoginFailed(String detail) {
        super(401, "Unauthorized", detail);
    }

    static LoginFailed wrongCredentials() {
        return new LoginFailed("the username or password is wrong");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer realm=\"drover\"");
    }
}
