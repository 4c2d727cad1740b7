package io.drover.server.metrics;

import io.drover.server.access.Permission;
import io.drover.server.http.Route;
import io.drover.server.placement.HostStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's metrics, served as Prometheus text at {@code GET /metrics}:
 * {@code drover_agent_heartbeat_lag_seconds} (from an agent's {@code sent_at_ms} to its heartbeat
 * being stored: cumulative buckets from 1 ms to 60 s with one at exactly 1 s, and the max of the last two minutes),
 * {@code drover_agents_connected}, {@code drover_hosts{status}}, {@code drover_vms},
 * {@code drover_tasks_running}, {@code drover_tasks_pending}, {@code drover_machines},
 * {@code drover_build_info{version,store}}, and the JVM's memory, threads and CPU.
 */
public final class ServerMetrics {
    public static final String PATH = "/metrics";
    /** Prometheus text exposition format 0.0.4, what every scraper reads. */
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer heartbeatLag;
    private final Clock clock;
    // Micrometer holds gauge objects weakly: these fields keep them alive.
    private final StoreCounts counts;
    private volatile HostCounts hosts;

    public ServerMetrics(Jdbi jdbi, Clock clock) {
        this.clock = clock;
        this.heartbeatLag = Timer.builder("drover.agent.heartbeat.lag")
                .description("Agent heartbeat sent (the agent's sent_at_ms) to stored by the server; agent and server clocks differ by their skew")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofSeconds(1))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.counts = new StoreCounts(jdbi);
        Gauge.builder("drover.vms", counts, StoreCounts::vms).description("VMs known to the server").register(registry);
        Gauge.builder("drover.tasks.running", counts, StoreCounts::tasksRunning).description("Tasks running now").register(registry);
        Gauge.builder("drover.tasks.pending", counts, StoreCounts::tasksPending).description("Tasks waiting for a runner").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Watches the hosts: {@code statusByHost} gives every host's liveness by id, {@code connected}
     * whether a host's agent is linked to this server. Read at most once a second, on a scrape.
     */
    public void watchHosts(Supplier<Map<String, HostStatus>> statusByHost, Predicate<String> connected) {
        if (hosts != null) throw new IllegalStateException("hosts are watched already");
        HostCounts counts = new HostCounts(statusByHost, connected, clock);
        this.hosts = counts;
        Gauge.builder("drover.agents.connected", counts, HostCounts::connected)
                .description("Host agents with a link to this server").register(registry);
        for (HostStatus status : HostStatus.values()) {
            Gauge.builder("drover.hosts", counts, c -> c.withStatus(status)).tag("status", status.wire())
                    .description("Hosts by liveness").register(registry);
        }
    }

    /**
     * What {@code /healthz} told anyone before (issue 10, finding 13), for those allowed to read
     * metrics: {@code drover_build_info{version,store}} (always 1) and {@code drover_machines}, the
     * tracked machines in memory.
     */
    public void describeServer(String version, String store, IntSupplier machines) {
        Gauge.builder("drover.build.info", () -> 1).tags("version", version, "store", store)
                .description("The server's version and store kind (always 1)").register(registry);
        Gauge.builder("drover.machines", machines::getAsInt).description("Tracked machines").register(registry);
    }

    /** A heartbeat was stored at {@code storedAtMs}; {@code sentAtMs} is null from agents that do not stamp theirs. */
    public void heartbeatStored(Long sentAtMs, long storedAtMs) {
        if (sentAtMs == null) return;
        // An agent whose clock runs ahead would give a negative lag: counted as none rather than dropped.
        heartbeatLag.record(Math.max(0, storedAtMs - sentAtMs), TimeUnit.MILLISECONDS);
    }

    /** Where features register their own meters (the audit's, the rate limits'); they appear in the scrape. */
    public MeterRegistry registry() {
        return registry;
    }

    /** {@code GET /metrics}. */
    public Route route() {
        return Route.get(PATH, Permission.METRICS_READ, ctx -> ctx.contentType(CONTENT_TYPE).result(registry.scrape()));
    }

    /** The scrape text (tests). */
    String scrape() {
        return registry.scrape();
    }
}
