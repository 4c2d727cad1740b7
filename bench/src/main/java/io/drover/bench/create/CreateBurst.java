package io.drover.bench.create;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.e2e.guest.CloudImage;
import io.drover.server.placement.PlacementSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Concurrent creates on one host: {@code --count} (default 20) {@code POST /api/v1/vms} released
 * at once (1 vCPU, {@code --memory} MiB, 1 GiB disk each, the image cached), twice, each on a
 * fresh server with its own agent:
 * <ol>
 *   <li><b>all fit</b>: every create must succeed, each domain must be reported started by
 *       libvirt, and the host's allocation must stay within capacity × ratios at every sample
 *       (GET /api/v1/hosts/{id} every 50 ms). The CPU ratio is raised to count / host CPUs
 *       (the default 4.0 allows 8 vCPUs on 2 cores), memory stays at 1.0.</li>
 *   <li><b>memory for {@code --fit} only</b>: the server's memory ratio is set so that exactly
 *       {@code --fit} of them fit; exactly that many must succeed and the rest fail at placement
 *       with "not enough memory", and the allocation must never pass the limit.</li>
 * </ol>
 * Each burst ends with every VM deleted through the API (also at once) and a check that nothing is
 * left; the server log of the burst must hold no lock or database errors.
 *
 * <pre>java -cp ... io.drover.bench.create.CreateBurst --work DIR [--count 20] [--memory 160] [--fit 10]</pre>
 */
public final class CreateBurst {
    private static final String IMAGE = "bench-cloud";
    /** What a TCG guest costs the host beyond its RAM (QEMU, its TCG code buffer, libvirt): a generous guess. */
    private static final long QEMU_OVERHEAD_MIB = 256;
    private static final Pattern DB_TROUBLE = Pattern.compile(
            "(?i)deadlock|lock timeout|timeout trying to lock|\\block(ed|ing)?\\b|sqlexception|jdbiexception|unabletoexecute|"
                    + "could not serialize|database|connection is not available|hikari");

    private final PrintStream out = System.out;
    private final Path work;
    private final Path base;
    private final CreateEvents events;
    private final long memoryMib;
    private final String runId = Long.toString(System.currentTimeMillis() % 100000, 36);
    private final Path serverLog;
    private Path cachedImages;

    /** One create of the burst. */
    record Create(String name, long sentNs, long sentEpochMs, long answeredNs, int status, String vmId, String taskId, String body) {}

    /** What one burst showed. */
    record Outcome(String label, int count, int expected, int succeeded, int failedAtPlacement, int otherFailures, double wallMs, double allTasksMs,
                   CreateStats perCreate, CreateStats answered, CreateStats queued, int samples, String maxAllocated, String limits,
                   int violations, List<String> logTrouble, int warnLines, String placementReason, String leftovers,
                   Map<String, CreateStats> steps) {}

    private CreateBurst(Path work, Path base, CreateEvents events, long memoryMib, Path serverLog) {
        this.work = work;
        this.base = base;
        this.events = events;
        this.memoryMib = memoryMib;
        this.serverLog = serverLog;
    }

    public static void main(String[] args) throws Exception {
        var opt = CreateOptions.parse(args, Map.of("--work", "", "--count", "20", "--memory", "160", "--fit", "10"),
                "CreateBurst --work DIR [--count 20] [--memory 160] [--fit 10]");
        Path work = Path.of(opt.get("--work")).toAbsolutePath();
        int count = Integer.parseInt(opt.get("--count"));
        long memory = Long.parseLong(opt.get("--memory"));
        int fit = Integer.parseInt(opt.get("--fit"));
        if (count < 2 || count > 100 || memory < 64 || fit < 1) throw new IllegalArgumentException("--count 2..100, --memory >= 64, --fit >= 1");
        Files.createDirectories(work);
        Path serverLog = work.resolve("server-burst.log");
        CreateOptions.logServerTo(serverLog);
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));

        PrintStream out = System.out;
        long available = memAvailableMib();
        long canHold = (available - 1024) / (memory + QEMU_OVERHEAD_MIB);
        if (canHold < count) {
            out.printf("This machine has %d MiB available: it can hold %d TCG guests of %d MiB (+%d MiB each for QEMU), not %d; "
                    + "the burst is LOWERED to %d.%n", available, canHold, memory, QEMU_OVERHEAD_MIB, count, canHold);
            count = (int) canHold;
            if (count < 2) throw new IllegalStateException("too little memory for a burst");
        }
        fit = Math.min(fit, count - 1);
        Path base = CloudImage.forHost().build();
        try (CreateEvents events = new CreateEvents()) {
            CreateBurst b = new CreateBurst(work, base, events, memory, log);
            int cpus = events.hostCpus();
            long hostMem = memTotalMib(); // what the agent reports as the host's memory (checked against the API below)
            double cpuRatio = Math.max(4.0, Math.ceil((double) count / cpus));
            out.printf("burst: %d creates at once, 1 vCPU / %d MiB / 1 GiB each; host %d CPUs, %d MiB (%d MiB available); cpu ratio %.0f%n",
                    count, memory, cpus, hostMem, available, cpuRatio);
            List<Outcome> outcomes = new ArrayList<>();
            outcomes.add(b.burst("all fit", count, new PlacementSettings(PlacementSettings.Strategy.SPREAD, cpuRatio, 1.0, 512, 1.0), count));
            // Exactly `fit` VMs fit under the limit: fit × memory <= (host − reserve) × ratio < (fit + 1) × memory.
            double memRatio = (fit + 0.5) * memory / (hostMem - 512);
            outcomes.add(b.burst("memory for " + fit, count, new PlacementSettings(PlacementSettings.Strategy.SPREAD, cpuRatio, memRatio, 512, 1.0), fit));
            b.report(outcomes);
        }
    }

    private Outcome burst(String label, int count, PlacementSettings placement, int expected) throws Exception {
        String tag = label.startsWith("all") ? "a" : "b";
        Path dir = work.resolve("burst-" + tag);
        out.printf("%n[%s] memory ratio %.4f, cpu ratio %.1f: expecting %d of %d to succeed%n", label, placement.memoryRatio(),
                placement.cpuRatio(), expected, count);
        try (CreateFleet fleet = CreateFleet.start(work, dir, placement)) {
            Path agentData = dir.resolve("agent");
            if (cachedImages != null) seedImageCache(agentData);
            String hostId = fleet.startAgent("bench-burst-" + tag, agentData, work.resolve("agent-burst-" + tag + ".log"));
            fleet.registerImage(IMAGE, base);
            JsonNode capacity = fleet.get("/api/v1/hosts/" + hostId).get("capacity");
            double cpuLimit = capacity.get("cpus").asLong() * placement.cpuRatio();
            double memLimit = (capacity.get("memory_mib").asLong() - placement.memoryReserveMib()) * placement.memoryRatio();
            double diskLimit = capacity.get("disk_gib").asLong() * placement.diskRatio();
            int fits = (int) Math.min(Math.min(cpuLimit, memLimit / memoryMib), diskLimit);
            if (Math.min(fits, count) != expected) throw new IllegalStateException("the host's capacity " + capacity + " fits " + fits + " VMs, not " + expected);
            // One create first: the image reaches the agent's cache and the code paths are warm.
            warmUp(fleet, agentData);

            long logFrom = Files.size(serverLog);
            AtomicBoolean sampling = new AtomicBoolean(true);
            long[] max = new long[3];
            int[] samples = new int[2]; // samples, violations
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    try {
                        JsonNode a = fleet.get("/api/v1/hosts/" + hostId).get("allocated");
                        long c = a.get("cpus").asLong(), m = a.get("memory_mib").asLong(), d = a.get("disk_gib").asLong();
                        synchronized (max) {
                            max[0] = Math.max(max[0], c);
                            max[1] = Math.max(max[1], m);
                            max[2] = Math.max(max[2], d);
                            samples[0]++;
                            if (c > cpuLimit || m > memLimit || d > diskLimit) {
                                samples[1]++;
                                out.println("  OVER-COMMITTED at a sample: " + a);
                            }
                        }
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        out.println("  sampler: " + e.getMessage());
                    }
                }
            }, "allocation-sampler");
            sampler.setDaemon(true);
            sampler.start();

            List<Create> creates = fire(fleet, count, tag);
            long firstSent = creates.stream().mapToLong(Create::sentNs).min().orElseThrow();
            int succeeded = 0, atPlacement = 0, other = 0;
            long lastStarted = firstSent, lastTaskEndMs = 0;
            List<Double> perCreate = new ArrayList<>(), answered = new ArrayList<>(), queued = new ArrayList<>();
            String reason = "";
            List<String> vmIds = new ArrayList<>();
            Map<String, List<Double>> stepMs = new LinkedHashMap<>();
            for (Create c : creates) {
                answered.add(CreateStats.ms(c.answeredNs() - c.sentNs()));
                if (c.status() != 202) {
                    other++;
                    out.println("  POST answered " + c.status() + ": " + c.body());
                    continue;
                }
                vmIds.add(c.vmId());
                JsonNode task = fleet.awaitTask(c.taskId(), Duration.ofSeconds(300), 100);
                lastTaskEndMs = Math.max(lastTaskEndMs, Instant.parse(task.get("ended_at").asText()).toEpochMilli());
                String status = task.get("status").asText();
                if (status.equals("succeeded")) {
                    CreateEvents.Started s = events.startedWithin(c.vmId(), 10_000);
                    if (s == null) throw new IllegalStateException("VM " + c.name() + " succeeded but libvirt never reported it started");
                    succeeded++;
                    perCreate.add(CreateStats.ms(s.nanos() - c.sentNs()));
                    lastStarted = Math.max(lastStarted, s.nanos());
                    JsonNode place = step(task, "place"), fetch = step(task, "fetch_image");
                    queued.add((double) (epoch(fetch.get("started_at")) - epoch(place.get("ended_at"))));
                    for (JsonNode st : task.get("steps")) {
                        stepMs.computeIfAbsent(st.get("name").asText(), k -> new ArrayList<>())
                                .add((double) (epoch(st.get("ended_at")) - epoch(st.get("started_at"))));
                    }
                } else if (failedAtPlacement(task)) {
                    atPlacement++;
                    if (reason.isEmpty()) reason = task.path("error").asText();
                } else {
                    other++;
                    out.println("  " + c.name() + " " + status + ": " + task.path("error").asText(task.toString()));
                }
            }
            double allTasksMs = lastTaskEndMs - creates.stream().mapToLong(Create::sentEpochMs).min().orElseThrow();
            // Observed state: every VM that succeeded is running in the API too.
            for (Create c : creates) {
                if (c.vmId() == null) continue;
                awaitVmStatus(fleet, c.vmId(), taskSucceeded(fleet, c) ? "running" : "error", Duration.ofSeconds(20));
            }
            sampling.set(false);
            sampler.join(5000);
            List<String> trouble = new ArrayList<>();
            int warns = 0;
            for (String line : newLines(serverLog, logFrom)) {
                if (DB_TROUBLE.matcher(line).find()) trouble.add(line);
                if (line.contains(" WARN ") || line.contains(" ERROR ")) warns++;
            }
            out.printf("  %d succeeded, %d failed at placement, %d other failures; wall (first POST -> last domain running) %.0f ms%n",
                    succeeded, atPlacement, other, CreateStats.ms(lastStarted - firstSent));

            deleteAll(fleet, vmIds);
            String leftovers = leftovers(fleet, hostId, vmIds, agentData);
            if (cachedImages == null) cachedImages = agentData.resolve("images");
            JsonNode cap = capacity;
            return new Outcome(label, count, expected, succeeded, atPlacement, other, CreateStats.ms(lastStarted - firstSent), allTasksMs,
                    CreateStats.of(perCreate), CreateStats.of(answered), CreateStats.of(queued), samples[0],
                    max[0] + " vCPUs, " + max[1] + " MiB, " + max[2] + " GiB",
                    fmt(cpuLimit) + " vCPUs (" + cap.get("cpus").asLong() + " x " + fmt(placement.cpuRatio()) + "), " + fmt(memLimit) + " MiB, " + fmt(diskLimit) + " GiB",
                    samples[1], trouble, warns, reason, leftovers, stats(stepMs));
        }
    }

    private static Map<String, CreateStats> stats(Map<String, List<Double>> samples) {
        Map<String, CreateStats> out = new LinkedHashMap<>();
        samples.forEach((k, v) -> out.put(k, CreateStats.of(v)));
        return out;
    }

    private boolean taskSucceeded(CreateFleet fleet, Create c) throws Exception {
        return fleet.get("/api/v1/tasks/" + c.taskId()).get("status").asText().equals("succeeded");
    }

    /** Sends {@code count} creates from as many threads, released together by a latch. */
    private List<Create> fire(CreateFleet fleet, int count, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count), go = new CountDownLatch(1);
            List<Future<Create>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "bench-burst-" + runId + tag + "-" + (i + 1);
                String body = CreateFleet.createBody(name, 1, memoryMib, IMAGE);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    long sentMs = System.currentTimeMillis();
                    long sent = System.nanoTime();
                    HttpResponse<String> r = fleet.send("POST", "/api/v1/vms", body);
                    long answered = System.nanoTime();
                    String vmId = null, taskId = null;
                    if (r.statusCode() == 202) {
                        JsonNode a = CreateFleet.JSON.readTree(r.body());
                        vmId = a.get("vm").get("id").asText();
                        taskId = a.get("task").get("id").asText();
                    }
                    return new Create(name, sent, sentMs, answered, r.statusCode(), vmId, taskId, r.body());
                }));
            }
            if (!ready.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the sender threads did not start");
            go.countDown();
            List<Create> out = new ArrayList<>();
            for (Future<Create> f : futures) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private void warmUp(CreateFleet fleet, Path agentData) throws Exception {
        JsonNode accepted = fleet.post("/api/v1/vms", CreateFleet.createBody("bench-burst-" + runId + "-warm" + agentData.getParent().getFileName(), 1,
                memoryMib, IMAGE), 202);
        String vmId = accepted.get("vm").get("id").asText();
        fleet.awaitStarted(events, vmId, accepted.get("task").get("id").asText(), Duration.ofSeconds(120));
        JsonNode task = fleet.awaitTask(accepted.get("task").get("id").asText(), Duration.ofSeconds(60), 50);
        if (!"succeeded".equals(task.get("status").asText())) throw new IllegalStateException("the warm-up create failed: " + task);
        fleet.deleteVm(vmId, Duration.ofSeconds(60));
    }

    /** The second burst's agent starts with the first one's cached image (files the agent verified), so both bursts are cached. */
    private void seedImageCache(Path agentData) throws IOException {
        Path images = agentData.resolve("images");
        Files.createDirectories(images);
        CreateFiles.openToQemu(images, work);
        try (var files = Files.list(cachedImages)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".part")) continue;
                Path to = images.resolve(f.getFileName());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                CreateFiles.makeReadable(to);
            }
        }
    }

    private static boolean failedAtPlacement(JsonNode task) {
        JsonNode place = step(task, "place");
        String s = place == null ? "" : place.get("status").asText();
        return (s.equals("failed") || s.equals("compensated")) && task.path("error").asText().contains("no host can take this VM")
                && step(task, "fetch_image").get("status").asText().matches("pending|skipped|compensated");
    }

    private static JsonNode step(JsonNode task, String name) {
        for (JsonNode s : task.get("steps")) if (s.get("name").asText().equals(name)) return s;
        return null;
    }

    private static long epoch(JsonNode t) {
        return t == null || t.isNull() ? 0 : Instant.parse(t.asText()).toEpochMilli();
    }

    private static void awaitVmStatus(CreateFleet fleet, String vmId, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String now = fleet.get("/api/v1/vms/" + vmId).get("status").asText();
            if (now.equals(status)) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("VM " + vmId + " is " + now + ", not " + status + ", after " + timeout);
            Thread.sleep(100);
        }
    }

    /** Deletes every VM at once through the API and waits for every delete to succeed. */
    private void deleteAll(CreateFleet fleet, List<String> vmIds) throws Exception {
        List<String> tasks = new ArrayList<>();
        for (String id : vmIds) tasks.add(fleet.sendDelete(id));
        for (String t : tasks) {
            JsonNode task = fleet.awaitTask(t, Duration.ofSeconds(180), 100);
            if (!"succeeded".equals(task.get("status").asText())) throw new IllegalStateException("a delete failed: " + task);
        }
    }

    private static String leftovers(CreateFleet fleet, String hostId, List<String> vmIds, Path agentData) throws Exception {
        List<String> left = new ArrayList<>();
        JsonNode vms = fleet.get("/api/v1/vms");
        if (vms.get("items").size() > 0) left.add(vms.get("items").size() + " VMs on the server");
        JsonNode a = fleet.get("/api/v1/hosts/" + hostId).get("allocated");
        if (a.get("cpus").asLong() + a.get("memory_mib").asLong() + a.get("disk_gib").asLong() != 0) left.add("allocation " + a);
        for (String id : vmIds) if (CreateFiles.domainExists(id)) left.add("domain " + id);
        Path vmsDir = agentData.resolve("vms");
        if (Files.isDirectory(vmsDir)) {
            try (var files = Files.list(vmsDir)) {
                long n = files.count();
                if (n > 0) left.add(n + " VM dirs on the host");
            }
        }
        return String.join(", ", left);
    }

    private static List<String> newLines(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8).lines().toList();
    }

    private static long memAvailableMib() throws IOException {
        return meminfoMib("MemAvailable:");
    }

    private static long memTotalMib() throws IOException {
        return meminfoMib("MemTotal:");
    }

    private static long meminfoMib(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
        throw new IOException("no " + key + " in /proc/meminfo");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private void report(List<Outcome> outcomes) {
        out.println();
        out.println("Concurrent creates on one host (ms; wall = first POST -> last domain running, tasks = first POST -> last task ended, "
                + "p50/p99 per create = its POST -> libvirt reports its domain running):");
        out.printf("  %-14s %5s %9s %9s %6s %8s %8s %8s %8s %8s %8s %10s%n", "burst", "VMs", "succeeded", "placement", "other", "wall",
                "tasks", "p50", "p99", "POST p50", "POST p99", "over-commit");
        for (Outcome o : outcomes) {
            out.printf("  %-14s %5d %9d %9d %6d %8s %8s %8s %8s %8s %8s %10s%n", o.label(), o.count(), o.succeeded(), o.failedAtPlacement(),
                    o.otherFailures(), CreateStats.ms(o.wallMs()), CreateStats.ms(o.allTasksMs()), CreateStats.ms(o.perCreate().median()), CreateStats.ms(o.perCreate().p99()),
                    CreateStats.ms(o.answered().median()), CreateStats.ms(o.answered().p99()), o.violations() == 0 ? "none" : o.violations() + " samples");
        }
        boolean ok = true;
        for (Outcome o : outcomes) {
            out.printf("  [%s] allocation: max %s of limits %s over %d samples; queued in the agent (place ended -> fetch_image started) "
                            + "median %s ms, max %s ms%n", o.label(), o.maxAllocated(), o.limits(), o.samples(), CreateStats.ms(o.queued().median()),
                    CreateStats.ms(o.queued().max()));
            out.printf("  [%s] step durations of the successful creates, median / max ms: %s%n", o.label(),
                    String.join(", ", o.steps().entrySet().stream().map(e -> e.getKey() + " " + CreateStats.ms(e.getValue().median()) + " / "
                            + CreateStats.ms(e.getValue().max())).toList()));
            if (!o.placementReason().isEmpty()) out.printf("  [%s] placement refused with: %s%n", o.label(), o.placementReason());
            out.printf("  [%s] server log: %d lock/database lines, %d WARN/ERROR lines%n", o.label(), o.logTrouble().size(), o.warnLines());
            o.logTrouble().stream().limit(5).forEach(l -> out.println("      " + l));
            out.println("  [" + o.label() + "] clean-up: " + (o.leftovers().isEmpty() ? "nothing left" : "LEFT BEHIND: " + o.leftovers()));
            boolean expected = o.succeeded() == o.expected() && o.failedAtPlacement() == o.count() - o.expected();
            ok &= expected && o.otherFailures() == 0 && o.violations() == 0 && o.logTrouble().isEmpty() && o.leftovers().isEmpty();
            out.printf(Locale.ROOT, "RESULT burst label=\"%s\" count=%d expected=%d succeeded=%d failed_at_placement=%d other=%d wall_ms=%.0f p50_ms=%.0f p99_ms=%.0f "
                            + "tasks_ms=%.0f post_p50_ms=%.0f post_p99_ms=%.0f violations=%d db_errors=%d clean=%s%n", o.label(), o.count(), o.expected(), o.succeeded(),
                    o.failedAtPlacement(), o.otherFailures(), o.wallMs(), o.perCreate().median(), o.perCreate().p99(), o.allTasksMs(), o.answered().median(),
                    o.answered().p99(), o.violations(), o.logTrouble().size(), o.leftovers().isEmpty());
        }
        out.println(ok ? "burst: all checks passed" : "burst: CHECKS FAILED (see above)");
        if (!ok) System.exit(1);
    }
}
