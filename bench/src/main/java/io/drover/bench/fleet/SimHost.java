package io.drover.bench.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.GuestIp;
import io.drover.protocol.link.HostFactsReport;
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

/**
 * One simulated hypervisor host: its agent link (a JDK WebSocket with the host credential) and
 * the domains it "runs". It answers commands as the real agent does (a progress message as each
 * create step starts and ends, then the result with the domain afterwards) without touching
 * libvirt, and sends facts, a heartbeat and its inventory whenever the server welcomes it.
 */
final class SimHost implements WebSocket.Listener {
    static final ObjectMapper JSON = new ObjectMapper();

    final int index;
    final String id;
    final String name;
    private final String credential;
    private final long heartbeatMs;
    private final FleetStats stats;
    private final Map<String, DomainReport> domains = new ConcurrentHashMap<>();
    final CountDownLatch welcomed = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile boolean closing;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null); // guarded by this

    SimHost(int index, String id, String name, String credential, long heartbeatMs, FleetStats stats) {
        this.index = index;
        this.id = id;
        this.name = name;
        this.credential = credential;
        this.heartbeatMs = heartbeatMs;
        this.stats = stats;
    }

    CompletableFuture<WebSocket> connect(HttpClient client, URI link) {
        return client.newWebSocketBuilder()
                .header("Authorization", "Bearer " + credential)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(link, this)
                .whenComplete((ws, e) -> {
                    if (e != null) stats.linkErrors.increment();
                    else socket = ws;
                });
    }

    int domainCount() {
        return domains.size();
    }

    /** Stamped now, like the real agent's {@link AgentHeartbeat#every}. */
    void heartbeat() {
        stats.heartbeats.increment();
        send(AgentHeartbeat.every(heartbeatMs));
    }

    void inventory() {
        stats.inventories.increment();
        send(InventoryReport.of(new ArrayList<>(domains.values())));
    }

    void close() {
        closing = true;
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            synchronized (this) {
                sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench over"))
                        .exceptionally(e -> null);
            }
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                handle(JSON.readTree(text));
            } catch (JsonProcessingException | RuntimeException e) {
                stats.badMessages.increment();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing) {
            stats.unexpectedCloses.increment();
            System.err.printf("host %s: link closed by the server (%d %s)%n", name, statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closing) {
            stats.linkErrors.increment();
            System.err.printf("host %s: link error %s%n", name, error);
        }
    }

    private void handle(JsonNode message) throws JsonProcessingException {
        String type = message.path("type").asText("");
        switch (type) {
            case "welcome" -> {
                heartbeat();
                send(new HostFactsReport(HostFactsReport.TYPE, name, "Simulated EPYC 64-core", 64, 256 * 1024, 2048, 2000,
                        "9.0.0", "8.2.2", "kvm", List.of()));
                inventory();
                welcomed.countDown();
            }
            case AgentCommand.TYPE -> {
                stats.commands.increment();
                answer(JSON.treeToValue(message, AgentCommand.class));
            }
            case CancelCommand.TYPE -> stats.cancels.increment(); // every operation here ends at once
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
            after = new DomainReport(uuid, vm.name(), state, null, null, null);
        } else {
            int cpus = vm.cpus() > 0 ? vm.cpus() : before == null ? 1 : before.cpus();
            long mem = vm.memoryMib() > 0 ? vm.memoryMib() : before == null ? 512 : before.memoryMib();
            after = new DomainReport(uuid, vm.name(), state, cpus, mem, DomainReport.RUNNING.equals(state) ? ips() : List.of());
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
        if (ws == null || closing) return;
        synchronized (this) {
            sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true)).whenComplete((r, e) -> {
                if (e != null && !closing) stats.sendErrors.increment();
            });
        }
    }
}
