package io.drover.server.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.server.events.EventLog;
import io.drover.server.http.Route;
import io.drover.server.identity.Secrets;
import io.drover.server.metrics.ServerMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsHandlerType;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The hypervisor-host feature, wired: store, join tokens, routes, the agent link. */
public final class Hosts implements AutoCloseable {
    private final List<Route> routes;
    private final AgentLink link;
    private final HostStore store;
    private final HostWatch watch;

    /**
     * @param domains what the VM feature knows about each host's domains (counts, foreign domains)
     */
    public Hosts(Jdbi jdbi, HostFleet fleet, AgentSessions sessions, AgentListener listener, HostDomains domains,
                 EventLog events, ServerMetrics metrics, Clock clock, ObjectMapper mapper) {
        this.store = fleet.store();
        this.watch = new HostWatch(store, fleet.liveness(), events, clock);
        this.routes = new HostRoutes(jdbi, store, fleet.liveness(), new JoinTokens(jdbi), sessions, domains, clock, mapper).routes();
        this.link = new AgentLink(store, sessions, listener, metrics, clock, mapper);
    }

    /** Starts watching host liveness for status events. */
    public void start() {
        watch.start();
    }

    @Override
    public void close() {
        watch.close();
    }

    public List<Route> routes() {
        return routes;
    }

    /** Whether {@code credential} is the credential of a joined host. */
    /** The host whose agent sent the request (its bearer host credential), or null: the guard's {@code HostIdentity}. */
    public String hostId(io.drover.server.http.Credentials credentials) {
        String credential = io.drover.server.http.Guard.bearerToken(credentials.authorization());
        if (credential == null || !credential.startsWith("dhc_")) return null;
        return store.byCredential(Secrets.sha256Hex(credential)).map(Host::id).orElse(null);
    }

    /** Registers the agent link's WebSocket endpoint. */
    public void configure(JavalinConfig config) {
        config.routes.addWsHandler(WsHandlerType.WEBSOCKET, AgentHeartbeat.PATH, link::configure);
    }
}
