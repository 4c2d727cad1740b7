package io.drover.server.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.HostFactsReport;
import io.drover.protocol.link.HostSettings;
import io.drover.protocol.link.InventoryReport;
import io.drover.server.http.Credentials;
import io.drover.server.http.NotAuthenticated;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import io.drover.server.metrics.ServerMetrics;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of the agent link: one WebSocket per agent, opened by the agent (so hosts
 * need no inbound port) over mutual TLS: the upgrade is refused (401) unless the client certificate
 * proves a host ({@link AgentIdentity}). Heartbeats and facts are stored here; inventory, domain
 * events and command progress go to the {@link AgentListener}. A link whose certificate expires
 * is closed at its next heartbeat (the agent renews before that and links again).
 */
final class AgentLink {
    private static final Logger log = LoggerFactory.getLogger(AgentLink.class);
    private static final String HOST = "drover.host-id";
    private static final String NOT_AFTER = "drover.certificate-not-after";
    /** Close code for a link whose certificate ran out while it was open. */
    static final int CERTIFICATE_EXPIRED = 4003;
    /** Announced intervals are clamped to this range so a bad agent cannot make a host never go offline. */
    static final long MIN_INTERVAL_MS = 100, MAX_INTERVAL_MS = 60_000;

    private final HostStore hosts;
    private final AgentSessions sessions;
    private final AgentListener listener;
    private final ServerMetrics metrics;
    private final AgentIdentity identity;
    private final Clock clock;
    private final ObjectMapper mapper;

    AgentLink(HostStore hosts, AgentSessions sessions, AgentListener listener, ServerMetrics metrics, AgentIdentity identity, Clock clock,
              ObjectMapper mapper) {
        this.hosts = hosts;
        this.identity = identity;
        this.sessions = sessions;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Before the upgrade: a link without a certificate that proves a host gets a 401 problem, not a WebSocket. */
    void beforeUpgrade(Context ctx) {
        X509Certificate cert = Credentials.of(ctx).clientCertificate();
        if (cert == null) {
            throw new NotAuthenticated("the agent link needs the host's client certificate (mutual TLS on the HTTPS port); "
                    + "a host that joined with a bearer credential must join again");
        }
        ctx.attribute(HOST, identity.check(cert));
        ctx.attribute(NOT_AFTER, cert.getNotAfter().getTime());
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setMaxTextMessageSize(4 << 20); // a full inventory of a big host
            String id = ctx.attribute(HOST);
            Optional<Host> host = id == null ? Optional.empty() : hosts.get(id);
            if (host.isEmpty()) {
                ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "this host is not known (removed?)");
                return;
            }
            ctx.attribute(HOST, id);
            sessions.opened(id, ctx);
            ctx.send(AgentHeartbeat.WELCOME);
            ctx.send(mapper.writeValueAsString(HostSettings.of(host.get().accelSetting())));
            log.info("agent of host {} ({}) connected", id, host.get().name());
            listener.linked(id);
        });
        ws.onMessage(ctx -> {
            String hostId = ctx.attribute(HOST);
            if (hostId == null) return;
            try {
                handle(ctx, hostId, mapper.readTree(ctx.message()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                log.warn("host {} sent a message that is not of the agent protocol: {}", hostId, e.getMessage());
                ctx.closeSession(WsCloseStatus.UNSUPPORTED_DATA, "not a message of the agent protocol");
            }
        });
        ws.onClose(ctx -> {
            String hostId = ctx.attribute(HOST);
            if (hostId == null) return;
            sessions.closed(hostId, ctx);
            log.info("agent of host {} disconnected ({})", hostId, ctx.reason());
        });
    }

    private void handle(WsContext ctx, String hostId, JsonNode message) throws JsonProcessingException {
        String type = message.path("type").asText("");
        switch (type) {
            case AgentHeartbeat.TYPE -> {
                Long notAfter = ctx.attribute(NOT_AFTER);
                if (notAfter != null && clock.millis() > notAfter) {
                    sessions.closed(hostId, ctx);
                    ctx.closeSession(CERTIFICATE_EXPIRED, "the client certificate expired; renew it and link again");
                    return;
                }
                AgentHeartbeat heartbeat = mapper.treeToValue(message, AgentHeartbeat.class);
                long interval = Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, heartbeat.intervalMs()));
                if (!hosts.heartbeat(hostId, clock.millis(), interval)) removed(ctx, hostId);
                else metrics.heartbeatStored(heartbeat.sentAtMs(), clock.millis());
            }
            case HostFactsReport.TYPE -> {
                HostFactsReport f = mapper.treeToValue(message, HostFactsReport.class);
                if (!hosts.facts(hostId, ReportedFacts.of(f, clock.millis()))) removed(ctx, hostId);
            }
            case InventoryReport.TYPE -> listener.inventory(hostId, mapper.treeToValue(message, InventoryReport.class));
            case DomainEvent.TYPE -> listener.domain(hostId, mapper.treeToValue(message, DomainEvent.class));
            case CommandProgress.TYPE -> listener.progress(hostId, mapper.treeToValue(message, CommandProgress.class));
            case CommandResult.TYPE -> listener.result(hostId, mapper.treeToValue(message, CommandResult.class));
            default -> log.debug("host {} sent a message of unknown type '{}'; ignored", hostId, type);
        }
    }

    private void removed(WsContext ctx, String hostId) {
        sessions.closed(hostId, ctx);
        ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "this host was removed");
    }
}
