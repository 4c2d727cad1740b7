package io.drover.server.http;

import java.util.Map;

/** Missing or wrong bearer token (401). */
public final class NotAuthenticated extends ApiException {
    public NotAuthenticated(String detail) {
        super(401, "Unauthorized", detail);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer realm=\"drover\"");
    }
}
