package io.drover.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the plain HTTP port ({@code --http-port}) serves: only what trackers in guests need
 * ({@code POST /api/register}, {@code GET /install.sh}) and {@code GET /healthz} for load balancers
 * and start-up checks, none of which takes a cookie. Everything else there (console, sign-in, the
 * API) is refused before any handler reads the request, so no cookie is set over plain HTTP and a
 * session cookie sent over it authenticates nothing. With {@code --http-behind-proxy} the operator
 * says a TLS-terminating proxy is in front of that port: then it serves everything, and its
 * requests are marked so the session cookie is {@code Secure} ({@link Transport}).
 *
 * <p>The refusal is a 403 naming the HTTPS URL. Not 404: the route exists, and a client should be
 * told where. Not 421: clients may retry that on another connection to the same origin, which is
 * this port again. Not a redirect: an API client would follow it after already sending its
 * credentials in the clear, and a POST's body would be lost; the answer should make the mistake visible.
 */
final class PlainPortGate extends Handler.Wrapper {
    private static final Set<String> TRACKER_ROUTES = Set.of("POST /api/register", "GET /install.sh", "GET /healthz");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private final Predicate<Connector> plain;
    private final boolean behindProxy;
    private final IntSupplier httpsPort;
    private final ObjectMapper mapper;

    /**
     * @param plain       tells the plain connector from the HTTPS one
     * @param behindProxy the operator put the plain port behind a TLS-terminating proxy
     * @param httpsPort   the HTTPS port the refusal points at
     */
    PlainPortGate(Predicate<Connector> plain, boolean behindProxy, IntSupplier httpsPort, ObjectMapper mapper, Handler next) {
        super(next);
        this.plain = plain;
        this.behindProxy = behindProxy;
        this.httpsPort = httpsPort;
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!plain.test(request.getConnectionMetaData().getConnector())) return super.handle(request, response, callback);
        if (behindProxy) {
            request.setAttribute(Transport.BEHIND_TLS_PROXY, Boolean.TRUE);
            return super.handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        if (TRACKER_ROUTES.contains(request.getMethod() + " " + path)) return super.handle(request, response, callback);
        String https = "https://" + host(request) + ":" + httpsPort.getAsInt() + path;
        ErrorBody body = ErrorBody.problem(mapper, 403, "HTTPS Required",
                "the plain HTTP port serves only trackers (POST /api/register, GET /install.sh); use HTTPS: " + https, path);
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
        response.write(true, ByteBuffer.wrap(body.bytes()), callback);
        return true;
    }

    /** The name the client reached this server by, when it is a plain host name or address; else the address it connected to. */
    private static String host(Request request) {
        String name = Request.getServerName(request);
        if (name != null && HOST_NAME.matcher(name).matches()) return name;
        String local = Request.getLocalAddr(request);
        return local.contains(":") ? "[" + local + "]" : local;
    }
}
