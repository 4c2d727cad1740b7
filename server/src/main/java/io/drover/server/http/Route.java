package io.drover.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One HTTP route: method, Javalin path (with {@code {param}} placeholders, the same syntax as the
 * OpenAPI spec), who may call it, and the handler. The list of these is the single source the
 * server registers and the spec test checks.
 */
public record Route(HandlerType method, String path, Access access, Handler handler) {
    public static Route get(String path, Access access, Handler handler) {
        return new Route(HandlerType.GET, path, access, handler);
    }

    public static Route post(String path, Access access, Handler handler) {
        return new Route(HandlerType.POST, path, access, handler);
    }

    public static Route delete(String path, Access access, Handler handler) {
        return new Route(HandlerType.DELETE, path, access, handler);
    }
}
