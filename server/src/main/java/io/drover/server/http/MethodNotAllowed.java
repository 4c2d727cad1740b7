package io.drover.server.http;

import java.util.Map;

/** A known path asked with a method it does not serve (405, with {@code Allow}). */
public final class MethodNotAllowed extends ApiException {
    private final String allow;

    public MethodNotAllowed(String method, String allow) {
        super(405, "Method Not Allowed", "method " + method + " is not allowed here; allowed: " + allow);
        this.allow = allow;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Allow", allow);
    }
}
