package io.drover.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Principal;
import io.drover.server.tls.InvalidCsr;
import io.drover.server.tls.TlsEndpoint;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: registers every {@link Route} behind its {@link Guard}, answers other methods
 * on known paths with 405 and {@code Allow}, and maps every failure to a clear body. Nothing
 * reaches a client as a stack trace.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final List<HandlerType> METHODS =
            List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /**
     * Request bodies served on pool threads must average this many bytes per second once
     * {@link #BODY_GRACE_MS} has passed (see {@link SlowBodies}); {@code -Ddrover.http.min-body-rate=0} turns it off.
     */
    private static final long MIN_BODY_RATE = Long.getLong("drover.http.min-body-rate", 1024);
    private static final long BODY_GRACE_MS = Long.getLong("drover.http.body-grace-ms", 5_000);
    private static final int SELECTORS = Integer.getInteger("drover.http.selectors", Runtime.getRuntime().availableProcessors());
    private static final String ANSWERED = "drover.error-answered";
    private static final String ROUTE = "drover.route";
    private static final String PATH_PARAMS = "drover.path-params";
    private static final String PROBLEM = "drover.problem-detail";
    private static final long HSTS_MAX_AGE_SECONDS = 31_536_000;

    private final Javalin app;
    private final ObjectMapper mapper;
    private ServerConnector main, plain;
    private SessionHandler servletSessions;

    /** Plain HTTP on {@code port} only. */
    public HttpApi(String bind, int port, List<Route> routes, Guard guard, ObjectMapper mapper,
                   Consumer<io.javalin.config.JavalinConfig> extra) {
        this(bind, port, null, null, false, routes, Admission.OPEN, guard, RequestRecorder.NONE, mapper, extra);
    }

    /**
     * HTTPS on {@code port} with {@code tls} (plain HTTP there when it is null), and plain HTTP on
     * {@code httpPort} too when that is not null. The plain port serves only the tracker's routes
     * unless {@code httpBehindProxy} ({@link PlainPortGate}).
     *
     * @param admission refuses requests before the guard runs (rate limits)
     * @param recorder  hears about every routed request once it is answered (the audit)
     */
    public HttpApi(String bind, int port, TlsEndpoint tls, Integer httpPort, boolean httpBehindProxy, List<Route> routes,
                   Admission admission, Guard guard, RequestRecorder recorder, ObjectMapper mapper,
                   Consumer<io.javalin.config.JavalinConfig> extra) {
        this.mapper = mapper;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = bind;
            config.jetty.port = port;
            config.jetty.threadPool = threadPool();
            // Heartbeats are handled on the selector threads (see BodyRoutes): one per core lets
            // them use every core, where Jetty's default is one per two cores.
            config.jetty.addConnector((server, http) -> {
                if (tls == null) {
                    main = connector(server, bind, port, new HttpConnectionFactory(http));
                } else {
                    HttpConfiguration https = new HttpConfiguration(http);
                    // No SNI host check: agents pin the certificate and may dial it by any name or address.
                    SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
                    // HSTS on every HTTPS answer. Browsers ignore it over a connection with certificate
                    // errors, so a browser that accepted the self-signed default once is not locked out.
                    secure.setStsMaxAge(HSTS_MAX_AGE_SECONDS);
                    https.addCustomizer(secure);
                    main = connector(server, bind, port, new SslConnectionFactory(tls.sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                            new HttpConnectionFactory(https));
                }
                return main;
            });
            if (httpPort != null) {
                config.jetty.addConnector((server, http) -> plain = connector(server, bind, httpPort, new HttpConnectionFactory(http)));
            }
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServletContextHandler(context -> {
                // Drover keeps its own sessions in the store and uses no servlet session. Javalin still
                // asks for one on every WebSocket upgrade (to copy its attributes), which held a session
                // and set JSESSIONID per refused agent link: it gets a throwaway, neither kept nor sent.
                SessionHandler sessions = context.getSessionHandler();
                sessions.setUsingCookies(false);
                NullSessionCache none = new NullSessionCache(sessions);
                none.setSessionDataStore(new NullSessionDataStore());
                sessions.setSessionCache(none);
                servletSessions = sessions;
            });
            // Javalin nests its servlet context inside the handler the server already has.
            config.jetty.modifyServer(server -> {
                // The plain port's gate first: nothing behind it runs for a request it refuses.
                server.setHandler(new PlainPortGate(connector -> connector == plain, httpBehindProxy, () -> main.getLocalPort(), mapper,
                        new MethodOverrideRefusal(new BodyRoutes(routes, admission, guard, mapper,
                                new MalformedRequests(new SlowBodies(MIN_BODY_RATE, BODY_GRACE_MS, new Handler.Sequence()))))));
                server.setErrorHandler(new JsonErrorHandler(mapper));
            });
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), ctx -> {
                    ctx.attribute(ROUTE, route);
                    ctx.attribute(PATH_PARAMS, Map.copyOf(ctx.pathParamMap()));
                    admission.admit(route, ctx.ip());
                    try {
                        ctx.attribute(Principal.ATTRIBUTE, guard.authenticate(route.permission(), Credentials.of(ctx)));
                    } catch (CallerRefused e) {
                        ctx.attribute(Principal.ATTRIBUTE, e.caller()); // the audit names who was refused
                        throw e;
                    }
                    route.handler().handle(ctx);
                });
            }
            // Javalin runs "after" handlers also when the handler or the guard threw, once the
            // exception mapper has answered, so the status here is the one sent (AuditRecorderTest checks it).
            config.routes.after(ctx -> {
                Route route = ctx.attribute(ROUTE);
                if (route == null) return;
                Map<String, String> params = ctx.attribute(PATH_PARAMS);
                recorder.record(new RequestRecorder.Answered(route, ctx, params == null ? Map.of() : params, Principal.of(ctx),
                        ctx.statusCode(), ctx.attribute(PROBLEM)));
            });
            allowedMethodsByPath(routes).forEach((path, allowed) -> {
                String allow = String.join(", ", allowed);
                for (HandlerType method : METHODS) {
                    if (!allowed.contains(method.name())) {
                        config.routes.addHttpHandler(method, path, ctx -> {
                            throw new MethodNotAllowed(ctx.method().name(), allow);
                        });
                    }
                }
            });
            config.routes.exception(ApiException.class, (e, ctx) -> fail(ctx, e.status(), e.title(), e.getMessage(), e.headers()));
            // The TLS feature's own error: a bad certificate signing request is the caller's mistake.
            config.routes.exception(InvalidCsr.class, (e, ctx) -> fail(ctx, 400, "Bad Request", e.getMessage(), Map.of()));
            config.routes.exception(HttpResponseException.class,
                    (e, ctx) -> fail(ctx, e.getStatus(), io.javalin.http.HttpStatus.forStatus(e.getStatus()).getMessage(), e.getMessage(), Map.of()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method().name(), ctx.path(), e);
                fail(ctx, 500, "Internal Server Error", "the server failed to handle this request; see its log", Map.of());
            });
            config.routes.error(404, ctx -> {
                // Our own 404s (e.g. an unknown machine) already have their body; Javalin's "no route" does not.
                if (ctx.attribute(ANSWERED) == null) fail(ctx, 404, "Not Found", "no such endpoint: " + ctx.path(), Map.of());
            });
            extra.accept(config);
        });
    }

    private static ServerConnector connector(Server server, String bind, int port,
                                             ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, 1, SELECTORS, factories);
        connector.setHost(bind);
        connector.setPort(port);
        return connector;
    }

    /**
     * A bounded pool: heartbeats are handled without blocking, and the blocking routes (store
     * reads) are few, so a couple of hundred threads on a few cores only add hand-offs. The size
     * can be raised with {@code -Ddrover.http.threads=N}.
     */
    private static QueuedThreadPool threadPool() {
        int max = Integer.getInteger("drover.http.threads", Math.max(32, 8 * Runtime.getRuntime().availableProcessors()));
        QueuedThreadPool pool = new QueuedThreadPool(max, Math.min(4, max));
        pool.setName("http");
        return pool;
    }

    /** Each path's methods, in route order, so 405 answers can name them. */
    static Map<String, Set<String>> allowedMethodsByPath(List<Route> routes) {
        Map<String, Set<String>> byPath = new LinkedHashMap<>();
        for (Route route : routes) {
            byPath.computeIfAbsent(route.path(), p -> new LinkedHashSet<>()).add(route.method().name());
        }
        return byPath;
    }

    private void fail(Context ctx, int status, String title, String detail, Map<String, String> headers) {
        headers.forEach(ctx::header);
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.attribute(PROBLEM, detail);
        ErrorBody body = ErrorBody.of(mapper, ctx.path(), status, title, detail);
        ctx.status(status).contentType(body.contentType()).result(body.bytes());
    }

    public HttpApi start() {
        app.start();
        return this;
    }

    /** The main port (HTTPS when TLS is on). */
    public int port() {
        return main.getLocalPort();
    }

    /** The additional plain HTTP port, or -1 when there is none. */
    public int httpPort() {
        return plain == null ? -1 : plain.getLocalPort();
    }

    /** Servlet sessions the container holds: none is expected (see the session handler's setup). */
    public long servletSessions() {
        return servletSessions != null && servletSessions.getSessionCache() instanceof DefaultSessionCache cache ? cache.getSessionsCurrent() : 0;
    }

    public void stop() {
        app.stop();
    }
}
