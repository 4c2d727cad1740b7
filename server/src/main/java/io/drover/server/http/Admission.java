package io.drover.server.http;

/**
 * Decides, before the guard and the handler run, whether a request is let in at all: the per-address
 * rate limits. Called on Jetty's I/O threads for the fast-path routes, so it must not block.
 */
@FunctionalInterface
public interface Admission {
    Admission OPEN = (route, address) -> { };

    /** Returns when the request may go on; throws an {@link ApiException} (e.g. 429) when not. */
    void admit(Route route, String address);
}
