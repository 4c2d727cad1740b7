package io.drover.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.tls.AgentTls;
import io.drover.agent.tls.HostCertificate;
import io.drover.agent.tls.ServerPin;
import io.drover.bench.MachineCpu;
import io.drover.bench.ProcessSample;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.HdrHistogram.Histogram;

/**
 * A fleet of simulated hosts against one real server, over the real agent protocol: H hosts join
 * through the API and keep one WebSocket link each (heartbeats every interval, spread evenly;
 * facts and a full inventory on link and every inventory period; commands answered like the
 * real agent), V VMs per host are created through {@code POST /api/v1/vms} pinned to their host,
 * and then, in the measured phase, {@code GET /api/v1/vms} is probed while the server's CPU and
 * RSS are sampled every second. Heartbeat lag (agent's sent_at_ms to stored) comes from the
 * server's {@code /metrics} histogram, read before and after the measured phase.
 *
 * <p>With {@code --restart-at} the server is restarted by an outside command in the measured
 * phase while the hosts reconnect as the agent does ({@link SimHost}); the report then gives the
 * downtime, the time until every host is linked again, and the {@code host_status} events the
 * restart caused ({@link ServerRestart}, {@link HostStatusEvents}).
 *
 * <p>Bounded everywhere: joining, linking and populating have deadlines, the measured phase a
 * duration, the heartbeat driver an absolute deadline; loopback only (checked on the URL).
 */
public final class FleetSimulator {
    /** The base image every simulated VM is made from (the probe's image filter asks for it). */
    static final String FLEET_IMAGE = "fleet-tiny";
    /** Each joined host's key and certificate, by host index. */
    private final List<HostCertificate> certificates = new ArrayList<>();
    private final FleetOptions o;
    private final FleetStats stats = new FleetStats();
    private final List<String> problems = new ArrayList<>();
    /** Every host's heartbeats and reconnects (one JDK scheduler; each task only queues a send). */
    private final ScheduledExecutorService linkTimer;

    private FleetSimulator(FleetOptions o) {
        this.o = o;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, r -> {
            Thread th = new Thread(r, "link-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.linkTimer = t;
    }

    public static void main(String[] args) throws Exception {
        FleetOptions o;
        try {
            o = FleetOptions.parse(args);
        } catch (FleetOptions.BadArgument e) {
            boolean help = e.getMessage().equals(FleetOptions.USAGE);
            (help ? System.out : System.err).println(help ? e.getMessage() : "FleetSimulator: " + e.getMessage() + "\n" + FleetOptions.USAGE);
            System.exit(help ? 0 : 2);
            return;
        }
        System.exit(new FleetSimulator(o).run());
    }

    private static ExecutorService daemons(int n, String name) {
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private int run() throws Exception {
        // The API is served over HTTPS (the plain port serves trackers only): the certificate is pinned as agents pin it.
        SSLContext pinned = AgentTls.context(ServerPin.parse(o.serverFingerprint()), null);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(pinned)
                .executor(daemons(4, "api")).build();
        ServerApi api = new ServerApi(http, o.server(), o.adminToken());
        api.get("/healthz");
        System.out.printf(Locale.ROOT, "FleetSimulator: %s (%s), %d hosts x %d VMs (%s), heartbeat %d ms, inventory every %d s, "
                        + "measured %d s, listing %d/s%n", o.server(), o.store(), o.hosts(), o.vmsPerHost(),
                o.pin() ? "each pinned to its host" : "placed by the server", o.heartbeat().toMillis(),
                o.inventoryInterval().toSeconds(), o.duration().toSeconds(), o.listRate());

        // --- join -------------------------------------------------------------------------------
        long t0 = System.nanoTime();
        List<SimHost> hosts = join(api);
        System.out.printf(Locale.ROOT, "  joined %d hosts in %.1f s%n", hosts.size(), secondsSince(t0));

        // --- link -------------------------------------------------------------------------------
        long t1 = System.nanoTime();
        // One client per host: each presents its own certificate (a JDK client has one key manager), all on one small pool.
        ExecutorService linkPool = daemons(8, "link");
        ServerPin pin = ServerPin.parse(o.serverFingerprint());
        List<HttpClient> linkClients = new ArrayList<>();
        for (SimHost h : hosts) {
            linkClients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .sslContext(AgentTls.context(pin, certificates.get(h.index))).executor(linkPool).build());
        }
        Semaphore connecting = new Semaphore(64);
        for (SimHost h : hosts) {
            if (!connecting.tryAcquire(30, TimeUnit.SECONDS)) throw new IllegalStateException("links are not opening");
            h.connect(linkClients.get(h.index), o.linkUri()).whenComplete((ws, e) -> connecting.release());
        }
        long linkDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int welcomed = 0;
        for (SimHost h : hosts) {
            long left = linkDeadline - System.nanoTime();
            if (left > 0 && h.welcomed.await(left, TimeUnit.NANOSECONDS)) welcomed++;
        }
        if (welcomed < hosts.size()) problems.add((hosts.size() - welcomed) + " hosts were not welcomed within 120 s");
        System.out.printf(Locale.ROOT, "  linked %d/%d hosts in %.1f s%n", welcomed, hosts.size(), secondsSince(t1));

        long driverDeadline = System.nanoTime() + o.populateTimeout().toNanos() + o.settle().toNanos() + o.duration().toNanos()
                + TimeUnit.MINUTES.toNanos(5);
        // Each host heartbeated on its welcome; its periodic heartbeats start one interval later,
        // spread evenly over the fleet (1,000 hosts at 10 s: one every 10 ms).
        long step = Math.max(1, o.heartbeat().toMillis() / hosts.size());
        for (SimHost h : hosts) h.startHeartbeats(o.heartbeat().toMillis() + step * h.index);
        LinkDriver driver = new LinkDriver(hosts, o.inventoryInterval().toNanos(), driverDeadline);
        Thread driverThread = new Thread(driver, "heartbeats");
        driverThread.setDaemon(true);
        driverThread.start();

        // --- populate ---------------------------------------------------------------------------
        long t2 = System.nanoTime();
        int expected = o.hosts() * o.vmsPerHost();
        LagBuckets atPopulate = LagBuckets.parse(api.text("/metrics"));
        populate(api, hosts);
        double populateSeconds = secondsSince(t2);
        LagBuckets afterPopulate = LagBuckets.parse(api.text("/metrics"));
        LagBuckets.Delta populateLag = afterPopulate.since(atPopulate);
        long running = countVms(api, "running");
        long failedTasks = api.get("/api/v1/tasks?status=failed&limit=1000").path("items").size();
        System.out.printf(Locale.ROOT, "  populated in %.1f s: %d VMs running of %d asked, %d failed tasks; heartbeat lag meanwhile "
                        + "p99 <= %s ms, max <= %s ms (%d heartbeats)%n", populateSeconds, running, expected, failedTasks,
                LagBuckets.Delta.ms(populateLag.quantile(0.99)), LagBuckets.Delta.ms(populateLag.maxBound()), populateLag.count());
        if (running != expected) problems.add("VMs running " + running + " of " + expected);
        int fewest = Integer.MAX_VALUE, most = 0;
        for (SimHost h : hosts) {
            fewest = Math.min(fewest, h.domainCount());
            most = Math.max(most, h.domainCount());
        }
        System.out.printf(Locale.ROOT, "  domains per host: %d to %d%n", fewest, most);
        if (failedTasks > 0) problems.add(failedTasks + " failed tasks");

        // --- settle, then measure ---------------------------------------------------------------
        TimeUnit.NANOSECONDS.sleep(o.settle().toNanos());
        LagBuckets before = LagBuckets.parse(api.text("/metrics"));
        long inventoriesBefore = stats.inventories.sum(), heartbeatsBefore = stats.heartbeats.sum();
        long start = System.nanoTime() + 100_000_000L;
        long startMs = System.currentTimeMillis() + 100;
        // With a restart the window runs at least 120 s past it: the outage, every relink, and
        // long enough for a host that never came back to be seen offline (6 missed = 60 s).
        Duration window = o.restart() && o.duration().compareTo(o.restartAt().plusSeconds(120)) < 0
                ? o.restartAt().plusSeconds(120) : o.duration();
        long end = start + window.toNanos();
        long restartAtNs = o.restart() ? start + o.restartAt().toNanos() : Long.MAX_VALUE;
        ServerRestart restart = o.restart() ? new ServerRestart(o.restartCommand(), api, hosts, stats) : null;
        Thread restartThread = null;
        LagBuckets beforeRestart = null;
        HttpClient probeHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(pinned).build();
        ListProbe probe = new ListProbe(probeHttp, o.server(), o.adminToken(), o.listRate(), start, end, hosts.get(hosts.size() / 2).name,
                FLEET_IMAGE);
        Thread probeThread = new Thread(probe, "list-probe");
        probeThread.setDaemon(true);
        probeThread.start();
        long pid = o.serverPid();
        ProcessSample first = pid > 0 ? ProcessSample.of(pid) : null;
        ProcessSample last = first;
        long cpuTicks = 0; // of every server process in the window (a restarted one from its start)
        double cpuMax = 0, rssMax = first == null ? 0 : first.rssMiB();
        int tick = 0;
        for (long next = start + 1_000_000_000L; next <= end; next += 1_000_000_000L) {
            long wait = next - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            if (restart != null && restartThread == null && System.nanoTime() >= restartAtNs) {
                beforeRestart = LagBuckets.parse(api.text("/metrics"));
                System.out.printf(Locale.ROOT, "  +%3ds  restarting the server (load %s)%n", tick + 1, MachineCpu.loadAverage());
                restartThread = new Thread(restart, "restart");
                restartThread.setDaemon(true);
                restartThread.start();
            }
            if (restart != null && restart.newPid > 0 && restart.newPid != pid) {
                pid = restart.newPid; // the old process is gone; its CPU up to the last sample is counted
                last = null;
            }
            if (pid > 0) {
                ProcessSample s = ProcessSample.of(pid);
                if (s != null && last != null) {
                    cpuMax = Math.max(cpuMax, s.cpuPercentSince(last));
                    cpuTicks += s.cpuTicks() - last.cpuTicks();
                } else if (s != null && first != null && pid != o.serverPid()) {
                    cpuTicks += s.cpuTicks(); // a restarted server: all of its CPU is in the window
                }
                if (s != null) {
                    rssMax = Math.max(rssMax, s.rssMiB());
                    last = s;
                }
            }
            if (++tick % 10 == 0) {
                System.out.printf(Locale.ROOT, "  +%3ds  listing p99 so far %s ms, server CPU max %.0f%%, RSS max %.0f MiB, link errors %d%n",
                        tick, ms(probe.all.getValueAtPercentile(99)), cpuMax, rssMax, stats.errors());
            }
        }
        probeThread.join(15_000);
        if (restartThread != null) restartThread.join(300_000);
        double windowSeconds = (System.nanoTime() - start) / 1e9;
        double cpuAvg = first != null && last != null ? cpuTicks / windowSeconds : Double.NaN; // ticks are 1/100 s: % of a core
        LagBuckets after = LagBuckets.parse(api.text("/metrics"));
        // Across a restart: the old server's heartbeats up to the restart, then all of the new one's.
        LagBuckets.Delta lag = beforeRestart == null ? after.since(before)
                : beforeRestart.since(before).plus(after.since(new LagBuckets()));
        long heartbeatsSent = stats.heartbeats.sum() - heartbeatsBefore;

        // --- report -----------------------------------------------------------------------------
        driver.stop();
        for (SimHost h : hosts) h.close();
        Thread.sleep(500);
        linkTimer.shutdownNow();
        HostStatusEvents statusEvents = HostStatusEvents.read(api, startMs - 1000);
        HostStatusEvents sinceRestart = restart == null || restart.stopMs == 0 ? null : statusEvents.since(restart.stopMs);
        if (restart != null && restart.failure != null) problems.add(restart.failure);

        // With a restart, listings fail while the server is down: reported apart (restart_probe_errors).
        long errors = stats.errors() + (restart == null ? probe.errors.sum() : 0) + problems.size();
        System.out.printf(Locale.ROOT, "== fleet %s: %d hosts, %d VMs, measured %.0f s (load %s) ==%n", o.store(), hosts.size(), running,
                windowSeconds, MachineCpu.loadAverage());
        System.out.printf(Locale.ROOT, "  heartbeat lag (server histogram over the window, bucket upper bounds): p50 <= %s ms, p99 <= %s ms, "
                        + "max <= %s ms; %d stored (%d sent), %d over 1 s; server's 2-min max %s ms%n",
                LagBuckets.Delta.ms(lag.quantile(0.5)), LagBuckets.Delta.ms(lag.quantile(0.99)), LagBuckets.Delta.ms(lag.maxBound()),
                lag.count(), heartbeatsSent, lag.over(1.0), LagBuckets.Delta.ms(after.value(LagBuckets.NAME + "_max")));
        System.out.printf(Locale.ROOT, "  listing (latency from intended send): %d sent, %d errors, p50 %s ms, p99 %s ms, max %s ms%n",
                probe.sent.sum(), probe.errors.sum(), ms(probe.all.getValueAtPercentile(50)), ms(probe.all.getValueAtPercentile(99)),
                ms(probe.all.getMaxValue()));
        for (int k = 0; k < ListProbe.KINDS.length; k++) {
            Histogram h = probe.byKind[k];
            System.out.printf(Locale.ROOT, "    %-15s n=%d p50 %s ms p99 %s ms max %s ms%n", ListProbe.KINDS[k], h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
        }
        if (probe.firstError != null) System.out.println("    first listing error: " + probe.firstError);
        System.out.printf(Locale.ROOT, "  console targets (issue 12): every VM list query p99 < 100 ms -> %s; dashboard p99 < 200 ms -> %s%n",
                consoleListsMet(probe) ? "met" : "MISSED", probe.byKind[ListProbe.KINDS.length - 1].getValueAtPercentile(99) < 200_000 ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "  server CPU avg %.0f%% max %.0f%% (of one core), RSS max %.0f MiB; inventories in window %d%n",
                cpuAvg, cpuMax, rssMax, stats.inventories.sum() - inventoriesBefore);
        System.out.printf(Locale.ROOT, "  server gauges: agents %s, hosts online %s suspect %s offline %s, vms %s, tasks running %s%n",
                num(after.value("drover_agents_connected")), num(after.value("drover_hosts{status=\"online\"}")),
                num(after.value("drover_hosts{status=\"suspect\"}")), num(after.value("drover_hosts{status=\"offline\"}")),
                num(after.value("drover_vms")), num(after.value("drover_tasks_running")));
        System.out.printf(Locale.ROOT, "  host_status events in the window: %s; %d since the fleet joined%n", statusEvents.summary(),
                HostStatusEvents.read(api, 0).size());
        if (restart != null) {
            System.out.printf(Locale.ROOT, "  restart (%s): server down %s s (stop -> /healthz answers; exited after %s s), every host linked again "
                            + "%s s after the stop by the simulator's count, %s s by drover_agents_connected%n",
                    o.restartCommand(), ServerRestart.seconds(restart.stopMs, restart.healthyMs),
                    ServerRestart.seconds(restart.stopMs, restart.exitedMs), ServerRestart.seconds(restart.stopMs, restart.allLinkedSimMs),
                    ServerRestart.seconds(restart.stopMs, restart.allLinkedGaugeMs));
            System.out.printf(Locale.ROOT, "    links dropped %d, failed reconnect attempts %d, sends lost in the drop %d, welcomes %d in all%n",
                    stats.expectedDrops.sum(), stats.expectedFailedAttempts.sum(), stats.expectedSendErrors.sum(), stats.welcomes.sum());
            org.HdrHistogram.Histogram g = stats.dropGapMs;
            System.out.printf(Locale.ROOT, "    per host, last heartbeat before the drop -> first after the relink: n=%d p50 %.1f s p99 %.1f s "
                            + "max %.1f s; over 30 s (3 missed): %d, over 60 s (6 missed): %d%n", g.getTotalCount(),
                    g.getValueAtPercentile(50) / 1000.0, g.getValueAtPercentile(99) / 1000.0, g.getMaxValue() / 1000.0,
                    g.getTotalCount() - g.getCountBetweenValues(0, 30_000), g.getTotalCount() - g.getCountBetweenValues(0, 60_000));
            if (sinceRestart != null) {
                System.out.printf(Locale.ROOT, "    host_status events from the stop on: %s%n", sinceRestart.summary());
                sinceRestart.printSome(System.out, 10);
            }
        }
        System.out.printf(Locale.ROOT, "  errors %d (links: %s; listing %d; %s)%n", errors, stats.errorDetail(), probe.errors.sum(),
                problems.isEmpty() ? "no other problems" : String.join("; ", problems));
        boolean met = lag.quantile(0.99) < 1.0 && probe.all.getValueAtPercentile(99) < 50_000;
        System.out.printf(Locale.ROOT, "  verdict: lag p99 %s 1 s, list p99 %s 50 ms -> %s%n", lag.quantile(0.99) < 1.0 ? "<" : ">=",
                probe.all.getValueAtPercentile(99) < 50_000 ? "<" : ">=", met && errors == 0 ? "targets met" : "TARGET MISSED");
        System.out.printf(Locale.ROOT, "RESULT store=%s hosts=%d vms=%d populate_s=%.1f lag_p50_ms=%s lag_p99_ms=%s lag_max_ms=%s "
                        + "lag_samples=%d list_p50_ms=%s list_p99_ms=%s cpu_avg=%.0f cpu_max=%.0f rss_max_mib=%.0f errors=%d load=%s%s%n",
                o.store(), hosts.size(), running, populateSeconds, LagBuckets.Delta.ms(lag.quantile(0.5)),
                LagBuckets.Delta.ms(lag.quantile(0.99)), LagBuckets.Delta.ms(lag.maxBound()), lag.count(),
                ms(probe.all.getValueAtPercentile(50)), ms(probe.all.getValueAtPercentile(99)), cpuAvg, cpuMax, rssMax, errors,
                MachineCpu.loadAverage().replace(' ', '/'), restart == null ? "" : String.format(Locale.ROOT,
                        " restart_down_s=%s restart_relinked_s=%s restart_relinked_gauge_s=%s restart_suspect=%d restart_offline=%d "
                                + "restart_gap_max_s=%.1f restart_probe_errors=%d",
                        ServerRestart.seconds(restart.stopMs, restart.healthyMs), ServerRestart.seconds(restart.stopMs, restart.allLinkedSimMs),
                        ServerRestart.seconds(restart.stopMs, restart.allLinkedGaugeMs),
                        sinceRestart == null ? -1 : sinceRestart.toSuspect(), sinceRestart == null ? -1 : sinceRestart.toOffline(),
                        stats.dropGapMs.getMaxValue() / 1000.0, probe.errors.sum()));
        return 0;
    }

    private List<SimHost> join(ServerApi api) throws Exception {
        ExecutorService pool = daemons(8, "join");
        try {
            List<Future<ServerApi.Joined>> joins = new ArrayList<>();
            for (int i = 0; i < o.hosts(); i++) {
                String name = String.format(Locale.ROOT, "sim-%04d", i);
                joins.add(pool.submit(() -> api.join(name)));
            }
            List<SimHost> hosts = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            for (int i = 0; i < joins.size(); i++) {
                ServerApi.Joined j = joins.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                certificates.add(j.certificate());
                hosts.add(new SimHost(i, j.hostId(), String.format(Locale.ROOT, "sim-%04d", i),
                        o.heartbeat().toMillis(), stats, linkTimer));
            }
            return hosts;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates every VM at a bounded concurrency, then waits until no task runs (or the populate deadline). */
    private void populate(ServerApi api, List<SimHost> hosts) throws Exception {
        if (o.vmsPerHost() == 0) return;
        String image = api.image(FLEET_IMAGE, o.imagePath());
        long deadline = System.nanoTime() + o.populateTimeout().toNanos();
        Semaphore inFlight = new Semaphore(o.createConcurrency());
        LongAdder refused = new LongAdder();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        int asked = 0;
        long lastPrint = System.nanoTime();
        outer:
        for (int v = 0; v < o.vmsPerHost(); v++) { // round-robin over hosts, as an operator's script would spread them
            for (SimHost h : hosts) {
                while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    if (System.nanoTime() > deadline) break outer;
                }
                String name = String.format(Locale.ROOT, "%s-vm%02d", h.name, v);
                CompletableFuture<String> f = api.createVm(name, o.pin() ? h.id : null, image);
                f.whenComplete((task, e) -> {
                    inFlight.release();
                    if (e != null) {
                        refused.increment();
                        firstRefusal.compareAndSet(null, e.getCause() == null ? e.toString() : e.getCause().getMessage());
                    }
                });
                asked++;
                if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                    lastPrint = System.nanoTime();
                    System.out.printf(Locale.ROOT, "    asked %d creates, %d domains on the hosts%n", asked, domains(hosts));
                }
            }
        }
        inFlight.tryAcquire(o.createConcurrency(), Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (refused.sum() > 0) problems.add(refused.sum() + " creates refused, first: " + firstRefusal.get());
        while (System.nanoTime() < deadline) {
            LagBuckets m = LagBuckets.parse(api.text("/metrics"));
            double runningTasks = m.value("drover_tasks_running") + m.value("drover_tasks_pending");
            if (runningTasks == 0) break;
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf(Locale.ROOT, "    %d domains on the hosts, %.0f tasks pending or running%n", domains(hosts), runningTasks);
            }
            Thread.sleep(1_000);
        }
        if (System.nanoTime() >= deadline) problems.add("populating did not finish within " + o.populateTimeout());
    }

    private static long domains(List<SimHost> hosts) {
        long n = 0;
        for (SimHost h : hosts) n += h.domainCount();
        return n;
    }

    private static boolean consoleListsMet(ListProbe probe) {
        for (int k = 0; k < ListProbe.KINDS.length - 1; k++) {
            if (probe.byKind[k].getTotalCount() > 0 && probe.byKind[k].getValueAtPercentile(99) >= 100_000) return false;
        }
        return true;
    }

    /** Walks the whole listing with the status filter (pages of 1,000; at most 1,000 pages). */
    private static long countVms(ServerApi api, String status) throws Exception {
        long n = 0;
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            JsonNode p = api.get("/api/v1/vms?limit=1000&status=" + status
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            n += p.path("items").size();
            JsonNode next = p.path("next_cursor");
            if (!next.isTextual()) break;
            cursor = next.asText();
        }
        return n;
    }

    private static double secondsSince(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "?" : String.valueOf(Math.round(v));
    }
}
