package io.drover.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses (400) any request carrying {@code X-HTTP-Method-Override}. Javalin routes by that header
 * when it is present and has no setting to stop it, so a GET with {@code X-HTTP-Method-Override: DELETE}
 * ran the DELETE handler. Refusing says so to a client that relies on it; quietly ignoring it would not.
 */
final class MethodOverrideRefusal extends Handler.Wrapper {
    static final String HEADER = "X-HTTP-Method-Override";

    MethodOverrideRefusal(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getHeaders().contains(HEADER)) {
            Response.writeError(request, response, callback, 400, HEADER + " is not honoured: send the request with the method itself");
            return true;
        }
        return super.handle(request, response, callback);
    }
}
