package io.drover.server.http.limits;

import io.drover.server.http.ApiException;
import java.time.Duration;
import java.util.Map;

/** A rate limit refused the request (429); {@code Retry-After} says in whole seconds when to try again. */
public final class TooManyRequests extends ApiException {
    private final long retryAfterSeconds;

    public TooManyRequests(String detail, Duration retryAfter) {
        super(429, "Too Many Requests", detail);
        this.retryAfterSeconds = seconds(retryAfter);
    }

    /** Rounded up, and at least 1: a client told 0 would retry at once. */
    static long seconds(Duration wait) {
        long nanos = Math.max(0, wait.toNanos());
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
