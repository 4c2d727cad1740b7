package io.drover.server.http;

import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One HTTP route: method, Javalin path (with {@code {param}} placeholders, the same syntax as the
 * OpenAPI spec), the permission a caller needs, and the handler. The list of these is the single source the
 * server registers and the spec test checks.
 *
 * <p>A route built with {@link #postBody} also carries a {@link BodyHandler}: {@link BodyRoutes}
 * serves it straight from Jetty, below the servlet layer, because it is the hot path (every
 * tracked machine heartbeats on it). Its Javalin handler runs the same code and only sees the
 * requests the fast path leaves alone (e.g. a trailing slash).
 */
public record Route(HandlerType method, String path, Permission permission, Handler handler, int maxBodyBytes, BodyHandler body) {
    /** Takes a request body (at most the route's limit) and returns the JSON bytes of a 200 answer; throws {@link ApiException}. */
    @FunctionalInterface
    public interface BodyHandler {
        byte[] handle(byte[] body, Principal caller);
    }

    public static Route get(String path, Permission permission, Handler handler) {
        return new Route(HandlerType.GET, path, permission, handler, 0, null);
    }

    public static Route post(String path, Permission permission, Handler handler) {
        return new Route(HandlerType.POST, path, permission, handler, 0, null);
    }

    public static Route delete(String path, Permission permission, Handler handler) {
        return new Route(HandlerType.DELETE, path, permission, handler, 0, null);
    }

    public static Route patch(String path, Permission permission, Handler handler) {
        return new Route(HandlerType.PATCH, path, permission, handler, 0, null);
    }

    public static Route put(String path, Permission permission, Handler handler) {
        return new Route(HandlerType.PUT, path, permission, handler, 0, null);
    }

    /** A POST of a bounded body answered with JSON, served on the fast path (see the class comment). */
    public static Route postBody(String path, Permission permission, int maxBodyBytes, BodyHandler body) {
        Handler viaJavalin = ctx -> ctx.contentType("application/json").result(body.handle(Bodies.read(ctx, maxBodyBytes), Principal.of(ctx)));
        return new Route(HandlerType.POST, path, permission, viaJavalin, maxBodyBytes, body);
    }
}
