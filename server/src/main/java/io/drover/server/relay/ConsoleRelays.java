package io.drover.server.relay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.ConsoleOpen;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.hosts.AgentSessions;
import io.drover.server.http.ApiException;
import io.drover.server.http.Bodies;
import io.drover.server.http.Credentials;
import io.drover.server.http.Forbidden;
import io.drover.server.http.Guard;
import io.drover.server.http.NotAuthenticated;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.drover.server.identity.HostIdentity;
import io.drover.server.vms.VmOnHost;
import io.drover.server.vms.Vms;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsHandlerType;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A VM's consoles in the browser: its display (noVNC) and its serial port (xterm.js), relayed by
 * the server through the VM's agent, which dials out for each console as it does for its link (no
 * inbound port on the host, and the display and serial port never listen on a network address).
 *
 * <ul>
 *   <li>{@code POST /api/v1/vms/{id}/console {"kind":"vnc"|"serial"}}: a one-time ticket (audited,
 *       like every change) for the caller, this VM and this kind, good for {@link ConsoleTickets#LIFETIME};
 *   <li>WebSocket {@link #USER_PATH}{@code ?ticket=…}: the caller's session or API token and the
 *       ticket open the relay; binary frames carry the console's bytes both ways;
 *   <li>WebSocket {@code /api/v1/agent/relay/{id}} ({@link ConsoleOpen#relayPath}): the agent's
 *       end, by client certificate, only for a relay of its own host;
 *   <li>{@code GET /api/v1/vms/{id}/console/log}: the serial log of the current and earlier
 *       boots, from the host.
 * </ul>
 */
public final class ConsoleRelays implements AutoCloseable {
    public static final String USER_PATH = "/api/v1/console/relay";
    static final String AGENT_PATH = ConsoleOpen.relayPath("{id}");
    private static final String RELAY = "drover.relay", TICKET = "drover.console-ticket", HOST = "drover.relay-host";

    private final Vms vms;
    private final AgentSessions sessions;
    private final Guard guard;
    private final HostIdentity hosts;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ConsoleTickets tickets;
    private final Relays relays;

    public ConsoleRelays(Vms vms, AgentSessions sessions, Guard guard, HostIdentity hosts, ObjectMapper mapper, Clock clock) {
        this.vms = vms;
        this.sessions = sessions;
        this.guard = guard;
        this.hosts = hosts;
        this.mapper = mapper;
        this.clock = clock;
        this.tickets = new ConsoleTickets(clock);
        this.relays = new Relays(sessions);
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/vms/{id}/console", Permission.VMS_CONSOLE, this::ticket),
                Route.get("/api/v1/vms/{id}/console/log", Permission.VMS_CONSOLE, this::log));
    }

    public void configure(JavalinConfig config) {
        config.routes.addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, USER_PATH, this::beforeUserUpgrade);
        config.routes.addWsHandler(WsHandlerType.WEBSOCKET, USER_PATH, this::userEnd);
        config.routes.addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, AGENT_PATH, this::beforeAgentUpgrade);
        config.routes.addWsHandler(WsHandlerType.WEBSOCKET, AGENT_PATH, this::agentEnd);
    }

    record TicketRequest(@JsonProperty("kind") String kind) {}

    record Ticket(@JsonProperty("ticket") String ticket, @JsonProperty("kind") String kind, @JsonProperty("vm") String vm,
                  @JsonProperty("expires_at") String expiresAt, @JsonProperty("websocket") String websocket) {}

    private void ticket(Context ctx) {
        TicketRequest request = Bodies.json(ctx, mapper, TicketRequest.class, new TicketRequest(null));
        ConsoleKind kind = ConsoleKind.interactive(request.kind());
        Principal caller = Principal.of(ctx);
        VmOnHost vm = live(ctx.pathParam("id"), caller);
        String secret = tickets.issue(vm.id(), vm.project(), vm.hostId(), caller.userId(), kind);
        ctx.status(201).json(new Ticket(secret, kind.wire(), vm.id(),
                Rfc3339.format(clock.millis() + ConsoleTickets.LIFETIME.toMillis()), USER_PATH));
    }

    /** The VM if its console can be opened now: running or paused, on a host linked to this server. */
    private VmOnHost live(String idOrName, Principal caller) {
        VmOnHost vm = vms.onHost(idOrName, caller);
        if (!vm.hasLiveConsole()) throw new ConsoleUnavailable("VM " + vm.name() + " is " + vm.status() + ": its console opens while it runs");
        linked(vm);
        return vm;
    }

    private void linked(VmOnHost vm) {
        if (vm.hostId() == null) throw new ConsoleUnavailable("VM " + vm.name() + " is on no host");
        if (!sessions.connected(vm.hostId())) throw new ConsoleUnavailable("the host of VM " + vm.name() + " is not linked to this server");
    }

    private void log(Context ctx) {
        Principal caller = Principal.of(ctx);
        VmOnHost vm = vms.onHost(ctx.pathParam("id"), caller);
        linked(vm);
        LogCollector collector = new LogCollector();
        Relay relay = relays.open(vm.hostId(), vm.id(), ConsoleKind.LOG, caller.actor(), collector);
        try {
            byte[] log = collector.bytes.get(Relays.AGENT_DIAL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            ctx.contentType("text/plain; charset=utf-8").header("Cache-Control", "no-store").result(log);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) throw api;
            throw new ConsoleUnavailable("the console log could not be read");
        } catch (TimeoutException e) {
            throw new ConsoleUnavailable("the VM's host did not send the console log in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleUnavailable("interrupted");
        } finally {
            relays.end(relay, 1000, "done");
        }
    }

    /**
     * Before the user's upgrade: the caller (session cookie or API token) must hold the console
     * permission and hand in a ticket of their own; the page must be this server's (a WebSocket is
     * not bound by the same-origin rule, so another site's page could try one with the user's cookie).
     */
    private void beforeUserUpgrade(Context ctx) {
        Principal caller = guard.authenticate(Permission.VMS_CONSOLE, Credentials.of(ctx));
        String origin = ctx.header("Origin");
        if (origin != null && !sameHost(origin, ctx.header("Host"))) throw new Forbidden("a console opens only from this server's own pages");
        ConsoleTickets.Ticket ticket = tickets.take(ctx.queryParam("ticket"), caller.userId())
                .orElseThrow(() -> new Forbidden("the console ticket is unknown, used, expired or not yours: ask for a new one "
                        + "(POST /api/v1/vms/{id}/console)"));
        if (!caller.inProject(ticket.project())) throw new Forbidden("the VM's project is no longer yours");
        ctx.attribute(TICKET, ticket);
        ctx.attribute(Principal.ATTRIBUTE, caller);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void userEnd(WsConfig ws) {
        ws.onConnect(ctx -> {
            ConsoleTickets.Ticket ticket = ctx.attribute(TICKET);
            Principal caller = ctx.attribute(Principal.ATTRIBUTE);
            if (ticket == null || caller == null) {
                ctx.closeSession(1008, "no console ticket");
                return;
            }
            try {
                ctx.attribute(RELAY, relays.open(ticket.hostId(), ticket.vmId(), ticket.kind(), caller.actor(), new WsEnd(ctx.session)));
            } catch (TooManyConsoles e) {
                ctx.closeSession(1013, e.getMessage());
            }
        });
        ws.onBinaryMessage(ctx -> {
            Relay relay = ctx.attribute(RELAY);
            if (relay != null) relay.fromUser(ctx.data());
        });
        ws.onClose(ctx -> {
            Relay relay = ctx.attribute(RELAY);
            if (relay != null) relays.end(relay, 1000, "closed by the user");
        });
    }

    private void beforeAgentUpgrade(Context ctx) {
        String hostId = hosts.hostId(Credentials.of(ctx));
        if (hostId == null) throw new NotAuthenticated("a console relay is for host agents: present the host's client certificate");
        ctx.attribute(HOST, hostId);
    }

    private void agentEnd(WsConfig ws) {
        ws.onConnect(ctx -> {
            String hostId = ctx.attribute(HOST);
            Relay relay = hostId == null ? null : relays.forAgent(ctx.pathParam("id"), hostId).orElse(null);
            if (relay == null || !relay.agentJoined(new WsEnd(ctx.session))) {
                ctx.closeSession(1008, "no such console relay for this host (ended?)");
                return;
            }
            ctx.attribute(RELAY, relay);
        });
        ws.onBinaryMessage(ctx -> {
            Relay relay = ctx.attribute(RELAY);
            if (relay != null) relay.fromAgent(ctx.data());
        });
        ws.onClose(ctx -> {
            Relay relay = ctx.attribute(RELAY);
            if (relay != null) relays.end(relay, ctx.status(), ctx.reason());
        });
    }

    @Override
    public void close() {
        relays.close();
    }
}
