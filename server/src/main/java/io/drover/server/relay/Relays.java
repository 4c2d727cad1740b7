package io.drover.server.relay;

import io.drover.protocol.DaemonThreads;
import io.drover.protocol.link.ConsoleOpen;
import io.drover.server.hosts.AgentSessions;
import io.drover.server.identity.Secrets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open console relays of this server. Opening one tells the VM's host over its agent link to
 * dial in ({@link ConsoleOpen}); the agent's WebSocket then joins the relay by its id, proving its
 * host by client certificate. A relay the agent does not join within {@link #AGENT_DIAL_TIMEOUT}
 * ends with a reason. Every open relay is pinged each {@link #PING_INTERVAL}, so an idle console
 * outlives the idle timeouts of the server and of proxies in front of it.
 */
final class Relays implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relays.class);
    static final Duration AGENT_DIAL_TIMEOUT = Duration.ofSeconds(15);
    static final Duration PING_INTERVAL = Duration.ofSeconds(30);
    static final int MAX_OPEN = 1000;
    /** Close codes the user's end sees (4000–4999 are the application's). */
    static final int HOST_NOT_LINKED = 4503, AGENT_DID_NOT_DIAL = 4504;

    private final Map<String, Relay> open = new ConcurrentHashMap<>();
    private final AgentSessions sessions;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("console-relays"));

    Relays(AgentSessions sessions) {
        this.sessions = sessions;
        timer.scheduleAtFixedRate(this::pingAll, PING_INTERVAL.toMillis(), PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens a relay from {@code user} to the {@code kind} console of VM {@code vmId} on {@code hostId}. */
    Relay open(String hostId, String vmId, ConsoleKind kind, String who, RelayEnd user) {
        if (open.size() >= MAX_OPEN) throw new TooManyConsoles("this server relays " + MAX_OPEN + " consoles already");
        String id = Secrets.randomString(32);
        Relay relay = new Relay(id, hostId, user);
        open.put(id, relay);
        if (!sessions.send(hostId, ConsoleOpen.of(id, vmId, kind.wire()))) {
            end(relay, HOST_NOT_LINKED, "the VM's host is not linked to this server");
            return relay;
        }
        timer.schedule(() -> {
            if (!relay.closed() && !relay.agentJoinedAlready()) end(relay, AGENT_DID_NOT_DIAL, "the VM's host did not open the console in time");
        }, AGENT_DIAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        log.info("{} opened the {} console of VM {} (relay {})", who, kind.wire(), vmId, id);
        return relay;
    }

    /** The relay {@code id} if it is open and waits for {@code hostId}'s agent (any other host is refused). */
    Optional<Relay> forAgent(String id, String hostId) {
        Relay relay = open.get(id);
        return relay != null && relay.hostId.equals(hostId) ? Optional.of(relay) : Optional.empty();
    }

    /** Ends {@code relay} on both sides and forgets it. */
    void end(Relay relay, int code, String reason) {
        open.remove(relay.id, relay);
        relay.close(code, reason);
    }

    int size() {
        return open.size();
    }

    private void pingAll() {
        for (Relay relay : open.values()) {
            try {
                if (relay.closed()) open.remove(relay.id, relay);
                else relay.ping();
            } catch (RuntimeException e) {
                log.debug("pinging console relay {} failed: {}", relay.id, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Relay relay : open.values()) end(relay, 1001, "the server is stopping");
    }
}
