package io.drover.server.http;

/** No route at this path (404). */
public final class RouteNotFound extends ApiException {
    public RouteNotFound(String path) {
        super(404, "Not Found", "no such endpoint: " + path);
    }
}
