package io.drover.server.http;

import java.util.Map;

/**
 * A failure the client can act on. Each failure is its own subclass; {@link HttpApi} turns it
 * into a status and a body: RFC 9457 problem details under {@code /api/v1}, the original
 * tracker's {@code {"status":"error","message":…}} elsewhere.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;
    private final String title;

    protected ApiException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Extra response headers, e.g. {@code Allow} or {@code WWW-Authenticate}. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
