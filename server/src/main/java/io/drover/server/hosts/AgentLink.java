package io.drover.server.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.server.http.Guard;
import io.drover.server.identity.Secrets;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of the agent link: one WebSocket per agent, opened by the agent (so hosts
 * need no inbound port) with its host credential as a bearer token. For now it carries
 * heartbeats; facts, inventory and commands come over the same link.
 */
final class AgentLink {
    private static final Logger log = LoggerFactory.getLogger(AgentLink.class);
    private static final String HOST = "drover.host-id";
    /** Announced intervals are clamped to this range so a bad agent cannot make a host never go offline. */
    static final long MIN_INTERVAL_MS = 100, MAX_INTERVAL_MS = 60_000;

    private final HostStore hosts;
    private final Clock clock;
    private final ObjectMapper mapper;

    AgentLink(HostStore hosts, Clock clock, ObjectMapper mapper) {
        this.hosts = hosts;
        this.clock = clock;
        this.mapper = mapper;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            String credential = Guard.bearerToken(ctx.header("Authorization"));
            Optional<Host> host = credential == null ? Optional.empty() : hosts.byCredential(Secrets.sha256Hex(credential));
            if (host.isEmpty()) {
                ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "the host credential is not valid");
                return;
            }
            ctx.attribute(HOST, host.get().id());
            ctx.send(AgentHeartbeat.WELCOME);
            log.info("agent of host {} ({}) connected", host.get().id(), host.get().name());
        });
        ws.onMessage(ctx -> {
            String hostId = ctx.attribute(HOST);
            if (hostId == null) return;
            AgentHeartbeat heartbeat;
            try {
                heartbeat = mapper.readValue(ctx.message(), AgentHeartbeat.class);
            } catch (JsonProcessingException e) {
                ctx.closeSession(WsCloseStatus.UNSUPPORTED_DATA, "not a message of the agent protocol");
                return;
            }
            if (!AgentHeartbeat.TYPE.equals(heartbeat.type())) return; // later message types; ignored for now
            long interval = Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, heartbeat.intervalMs()));
            if (!hosts.heartbeat(hostId, clock.millis(), interval)) {
                ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "this host was removed");
            }
        });
        ws.onClose(ctx -> {
            String hostId = ctx.attribute(HOST);
            if (hostId != null) log.info("agent of host {} disconnected ({})", hostId, ctx.reason());
        });
    }
}
