package io.drover.server.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.server.events.EventLog;
import io.drover.server.http.Route;
import io.drover.server.identity.HostIdentity;
import io.drover.server.metrics.ServerMetrics;
import io.drover.server.projects.Projects;
import io.drover.server.tls.CertificateAuthority;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsHandlerType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Jdbi;

/** The hypervisor-host feature, wired: store, join tokens, routes, the agent link. */
public final class Hosts implements AutoCloseable {
    private final List<Route> routes;
    private final AgentLink link;
    private final HostStore store;
    private final HostWatch watch;
    private final AgentIdentity identity;

    /**
     * @param domains what the VM feature knows about each host's domains (counts, foreign domains)
     * @param agentTls the CA that signs agents' certificates and what join instructions tell agents
     */
    public Hosts(Jdbi jdbi, HostFleet fleet, AgentSessions sessions, AgentListener listener, HostDomains domains,
                 EventLog events, ServerMetrics metrics, AgentTls agentTls, Projects projects, Clock clock, ObjectMapper mapper) {
        this.store = fleet.store();
        this.watch = new HostWatch(store, fleet.liveness(), events, clock);
        HostCertificates certificates = new HostCertificates(jdbi);
        this.identity = new AgentIdentity(agentTls.ca(), certificates, clock);
        this.routes = new HostRoutes(jdbi, store, fleet.liveness(), new JoinTokens(jdbi, projects), sessions, domains,
                new CertificateIssuer(agentTls.ca(), certificates, agentTls.lifetime()), certificates,
                new JoinInstructions(agentTls.serverFingerprint(), agentTls.publicUrl(), agentTls.httpsPort()), clock, mapper).routes();
        this.link = new AgentLink(store, sessions, listener, metrics, identity, clock, mapper);
    }

    /**
     * What the hosts feature needs of TLS: Drover's CA, the lifetime of agent certificates, and for
     * join instructions the server certificate's fingerprint, the public URL and the HTTPS port
     * (asked when a join token is made: the port is known once the server listens).
     */
    public record AgentTls(CertificateAuthority ca, Duration lifetime, String serverFingerprint, String publicUrl,
                           IntSupplier httpsPort) {}

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

    /** Which host an agent request's client certificate proves (the guard asks it for {@code Permission.AGENT}). */
    public HostIdentity identity() {
        return identity;
    }

    /** Registers the agent link's WebSocket endpoint, behind its certificate check. */
    public void configure(JavalinConfig config) {
        config.routes.addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, AgentHeartbeat.PATH, link::beforeUpgrade);
        config.routes.addWsHandler(WsHandlerType.WEBSOCKET, AgentHeartbeat.PATH, link::configure);
    }
}
