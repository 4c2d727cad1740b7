package io.drover.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Principal;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link Route#postBody} routes as a Jetty core handler in front of Javalin's servlet
 * context. The servlet and Javalin layers cost several times the work of a heartbeat itself
 * (sessions, request wrappers, response copies; see bench/README.md); here a request is read
 * without blocking ({@link BodyReader}), handled and answered with one write, on the I/O thread.
 * Everything else goes to Javalin on a pool thread.
 */
final class BodyRoutes extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(BodyRoutes.class);

    private final Map<String, Route> byPath = new HashMap<>();
    private final Admission admission;
    private final Guard guard;
    private final ObjectMapper mapper;

    BodyRoutes(List<Route> routes, Admission admission, Guard guard, ObjectMapper mapper, Handler next) {
        super(next);
        for (Route route : routes) {
            if (route.body() == null) continue;
            if (route.path().contains("{")) throw new IllegalArgumentException("fast-path routes have fixed paths: " + route.path());
            byPath.put(route.path(), route);
        }
        this.admission = admission;
        this.guard = guard;
        this.mapper = mapper;
    }

    /** Lets Jetty call {@link #handle} on the I/O thread, saving a thread hand-off per heartbeat. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Route route = HttpMethod.POST.is(request.getMethod()) ? byPath.get(Request.getPathInContext(request)) : null;
        if (route == null) {
            // Everything else may block (servlets, store reads): off the I/O thread with it.
            getServer().getThreadPool().execute(() -> {
                try {
                    if (!super.handle(request, response, callback)) Response.writeError(request, response, callback, 404);
                } catch (Throwable t) {
                    Response.writeError(request, response, callback, t);
                }
            });
            return true;
        }
        // A refused request still has its body read (and dropped) so the answer reaches the client.
        ApiException refused = null;
        Principal caller = null;
        String address = Request.getRemoteAddr(request);
        try {
            admission.admit(route, address);
            caller = guard.authenticate(route.permission(), new Credentials("POST",
                    request.getHeaders().get(HttpHeader.AUTHORIZATION), null, null, null, address));
        } catch (ApiException e) {
            refused = e;
        }
        ApiException refusal = refused;
        Principal principal = caller;
        // The handlers on this path only touch memory, so they may run on the I/O thread.
        BodyReader.read(request, route.maxBodyBytes(),
                body -> {
                    if (refusal != null) fail(route, refusal, response, callback);
                    else answer(route, body, principal, response, callback);
                },
                e -> fail(route, refusal != null ? refusal : e, response, callback));
        return true;
    }

    private void answer(Route route, byte[] body, Principal caller, Response response, Callback callback) {
        byte[] reply;
        try {
            reply = route.body().handle(body, caller);
        } catch (ApiException e) {
            fail(route, e, response, callback);
            return;
        } catch (RuntimeException e) {
            log.error("POST {} failed", route.path(), e);
            write(response, 500, ErrorBody.of(mapper, route.path(), 500, "Internal Server Error",
                    "the server failed to handle this request; see its log"), callback);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(reply), callback);
    }

    private void fail(Route route, ApiException e, Response response, Callback callback) {
        e.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        write(response, e.status(), ErrorBody.of(mapper, route.path(), e.status(), e.title(), e.getMessage()), callback);
    }

    private static void write(Response response, int status, ErrorBody body, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
        response.write(true, ByteBuffer.wrap(body.bytes()), callback);
    }
}
