package io.drover.bench.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.retry.Backoff;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.GuestIp;
import io.drover.protocol.link.HostFactsReport;
import io.drover.protocol.link.HostSettings;
import io.drover.protocol.link.InventoryReport;
import io.drover.protocol.link.VmSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated hypervisor host: its agent link (a JDK WebSocket over mutual TLS with the host's client certificate) and
 * the domains it "runs". It answers commands as the real agent does (a progress message as each
 * create step starts and ends, then the result with the domain afterwards) without touching
 * libvirt, and sends facts, a heartbeat and its inventory whenever the server welcomes it.
 *
 * <p>When the link drops or cannot be made it behaves like the agent's {@code ServerLink}: it
 * reconnects after the agent's own {@link Backoff} (jittered exponential, 1 s to 30 s; attempt n
 * waits {@code Backoff.DEFAULT.delay(n)}, the count reset by a welcome), drops what it would send
 * while unlinked, and on each welcome heartbeats at once and then every interval from that
 * welcome (the agent's {@code scheduleAtFixedRate(heartbeat, 0, interval)}), then sends facts and
 * a full inventory. Only the first link's periodic heartbeats are spread evenly over the fleet
 * ({@link #startHeartbeats}), as agents started at different times would be.
 */
final class SimHost implements WebSocket.Listener {
    static final ObjectMapper JSON = new ObjectMapper();

    final int index;
    final String id;
    final String name;
    private final long heartbeatMs;
    private final FleetStats stats;
    private final ScheduledExecutorService timer;
    private final Map<String, DomainReport> domains = new ConcurrentHashMap<>();
    final CountDownLatch welcomed = new CountDownLatch(1);
    private volatile WebSocket socket;
    private volatile boolean linked; // welcomed on the current socket
    private volatile boolean closing;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null); // guarded by this
    // Link state, guarded by this: which connection attempt is current (callbacks of older ones
    // are ignored), failures since the last welcome (the backoff's attempt number).
    private HttpClient client;
    private URI link;
    private int attempt;
    private int failures;
    private ScheduledFuture<?> heartbeats;
    private boolean periodicStarted; // the first link's spread schedule was started
    // For the restart report: when this host last sent a heartbeat, when its link last dropped,
    // and the longest gap between two heartbeats sent around a drop (sent → next sent).
    private volatile long lastHeartbeatMs;
    private volatile long droppedAtMs;
    private volatile long lastDropGapMs;
    private volatile long welcomedAtMs;

    SimHost(int index, String id, String name, long heartbeatMs, FleetStats stats,
            ScheduledExecutorService timer) {
        this.index = index;
        this.id = id;
        this.name = name;
        this.heartbeatMs = heartbeatMs;
        this.stats = stats;
        this.timer = timer;
    }

    /** Opens the link (and keeps it open: on a drop it reconnects with the agent's backoff). */
    CompletableFuture<WebSocket> connect(HttpClient client, URI link) {
        synchronized (this) {
            this.client = client;
            this.link = link;
        }
        return dial();
    }

    private CompletableFuture<WebSocket> dial() {
        int mine;
        HttpClient c;
        URI l;
        synchronized (this) {
            if (closing) return CompletableFuture.failedFuture(new IllegalStateException("closing"));
            mine = ++attempt;
            c = client;
            l = link;
        }
        stats.connectAttempts.increment();
        return c.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(l, new Link(mine))
                .whenComplete((ws, e) -> {
                    if (e != null) lost(mine, "cannot connect: " + e);
                });
    }

    /** The link of attempt {@code which} dropped or could not be made: as the agent, retry after the backoff. */
    private void lost(int which, String why) {
        long wait;
        synchronized (this) {
            if (which != attempt || closing) return; // an older connection's late callback, or the end of the run
            boolean wasLinked = linked;
            linked = false;
            socket = null;
            if (heartbeats != null) heartbeats.cancel(false);
            heartbeats = null;
            if (wasLinked) {
                droppedAtMs = System.currentTimeMillis();
                stats.dropped();
            } else {
                stats.attemptFailed();
            }
            wait = Backoff.DEFAULT.delay(failures++).toMillis();
            attempt++; // nothing more from this connection counts
        }
        if (stats.verbose) System.err.printf("host %s: link lost (%s); reconnecting in %d ms%n", name, why, wait);
        timer.schedule(this::dial, wait, TimeUnit.MILLISECONDS);
    }

    boolean linked() {
        return linked;
    }

    long welcomedAtMs() {
        return welcomedAtMs;
    }

    /** Gap between the last heartbeat sent before the most recent drop and the first after it (0: none yet). */
    long lastDropGapMs() {
        return lastDropGapMs;
    }

    long droppedAtMs() {
        return droppedAtMs;
    }

    /**
     * Starts the first link's periodic heartbeats, {@code initialDelayMs} from now (the simulator
     * spreads them evenly over the fleet). After a relink the welcome schedules them itself.
     */
    synchronized void startHeartbeats(long initialDelayMs) {
        periodicStarted = true;
        if (!linked || closing) return; // the next welcome starts them
        if (heartbeats != null) heartbeats.cancel(false);
        heartbeats = timer.scheduleAtFixedRate(this::heartbeat, initialDelayMs, heartbeatMs, TimeUnit.MILLISECONDS);
    }

    int domainCount() {
        return domains.size();
    }

    /** Stamped now, like the real agent's {@link AgentHeartbeat#every}; dropped while unlinked, as the agent does. */
    void heartbeat() {
        if (!linked) return;
        long now = System.currentTimeMillis();
        long before = lastHeartbeatMs;
        if (droppedAtMs > 0 && before < droppedAtMs && before > 0) {
            lastDropGapMs = now - before; // the first heartbeat after a drop
            stats.dropGap(lastDropGapMs);
        }
        lastHeartbeatMs = now;
        stats.heartbeats.increment();
        send(AgentHeartbeat.every(heartbeatMs));
    }

    void inventory() {
        if (!linked) return;
        stats.inventories.increment();
        send(InventoryReport.of(new ArrayList<>(domains.values())));
    }

    void close() {
        WebSocket ws;
        synchronized (this) {
            closing = true;
            if (heartbeats != null) heartbeats.cancel(false);
            ws = socket;
        }
        if (ws != null && !ws.isOutputClosed()) {
            synchronized (this) {
                sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench over"))
                        .exceptionally(e -> null);
            }
        }
    }

    /** One connection attempt's listener: callbacks of a connection that is no longer current are ignored. */
    private final class Link implements WebSocket.Listener {
        private final int which;
        private final StringBuilder partial = new StringBuilder();

        Link(int which) {
            this.which = which;
        }

        private boolean current() {
            synchronized (SimHost.this) {
                return which == attempt && !closing;
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            synchronized (SimHost.this) {
                if (which == attempt) {
                    socket = webSocket;
                    sending = CompletableFuture.completedFuture(null); // nothing queued on an old socket holds this one up
                }
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (current()) {
                    try {
                        handle(JSON.readTree(text));
                    } catch (JsonProcessingException | RuntimeException e) {
                        stats.badMessages.increment();
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (current()) {
                stats.closes.increment();
                lost(which, "closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (current()) {
                stats.linkErrors.increment();
                lost(which, "link error " + error);
            }
        }
    }

    private void handle(JsonNode message) throws JsonProcessingException {
        String type = message.path("type").asText("");
        switch (type) {
            case "welcome" -> {
                synchronized (this) {
                    if (linked) return; // one welcome per link
                    linked = true;
                    failures = 0;
                    welcomedAtMs = System.currentTimeMillis();
                    if (heartbeats != null) heartbeats.cancel(false);
                    // A relink schedules heartbeats as the agent does (now, then every interval); the
                    // first link's periodic ones wait for startHeartbeats, which spreads them.
                    heartbeats = periodicStarted
                            ? timer.scheduleAtFixedRate(this::heartbeat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS)
                            : null;
                }
                stats.welcomes.increment();
                heartbeat();
                send(new HostFactsReport(HostFactsReport.TYPE, name, "Simulated EPYC 64-core", 64, 256 * 1024, 2048, 2000,
                        "9.0.0", "8.2.2", "kvm", "--accel kvm", List.of()));
                inventory();
                welcomed.countDown();
            }
            case AgentCommand.TYPE -> {
                stats.commands.increment();
                answer(JSON.treeToValue(message, AgentCommand.class));
            }
            case CancelCommand.TYPE -> stats.cancels.increment(); // every operation here ends at once
            case HostSettings.TYPE -> { } // after every welcome: the operator's accelerator, nothing to simulate
            default -> stats.badMessages.increment();
        }
    }

    private void answer(AgentCommand c) {
        VmSpec vm = c.vm();
        if (vm == null || vm.id() == null) {
            send(CommandResult.failed(c.opId(), "no VM in the command", false, null));
            return;
        }
        String uuid = vm.id();
        DomainReport before = domains.get(uuid);
        String state = switch (c.action()) {
            case AgentCommand.CREATE, AgentCommand.START, AgentCommand.REBOOT, AgentCommand.RESUME -> DomainReport.RUNNING;
            case AgentCommand.STOP, AgentCommand.FORCE_STOP -> DomainReport.STOPPED;
            case AgentCommand.SUSPEND -> DomainReport.PAUSED;
            case AgentCommand.RESIZE -> before == null ? DomainReport.STOPPED : before.state();
            case AgentCommand.DELETE -> DomainReport.ABSENT;
            default -> null;
        };
        if (state == null) {
            send(CommandResult.failed(c.opId(), "unknown action " + c.action(), false, before));
            return;
        }
        if (AgentCommand.CREATE.equals(c.action())) {
            for (String step : AgentCommand.CREATE_STEPS) {
                send(CommandProgress.of(c.opId(), step, CommandProgress.RUNNING, null));
                send(CommandProgress.of(c.opId(), step, CommandProgress.DONE, null));
            }
        }
        DomainReport after;
        if (DomainReport.ABSENT.equals(state)) {
            domains.remove(uuid);
            after = new DomainReport(uuid, vm.name(), state, null, null, null, null);
        } else {
            int cpus = vm.cpus() > 0 ? vm.cpus() : before == null ? 1 : before.cpus();
            long mem = vm.memoryMib() > 0 ? vm.memoryMib() : before == null ? 512 : before.memoryMib();
            after = new DomainReport(uuid, vm.name(), state, null, cpus, mem, DomainReport.RUNNING.equals(state) ? ips() : List.of());
            domains.put(uuid, after);
        }
        send(CommandResult.ok(c.opId(), after));
    }

    /** A guest address as data only (nothing ever connects to it): in loopback space, unique per host and VM. */
    private List<GuestIp> ips() {
        int n = domains.size() + 1;
        return List.of(new GuestIp("127." + (100 + index / 256) + "." + (index % 256) + "." + (n % 250 + 1), "lease"));
    }

    /** Sends in order: the JDK WebSocket takes one text message at a time. */
    private void send(Object message) {
        String text;
        try {
            text = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        WebSocket ws = socket;
        if (ws == null || !linked || closing) return;
        synchronized (this) {
            sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true)).whenComplete((r, e) -> {
                if (e != null && !closing) stats.sendFailed();
            });
        }
    }
}
