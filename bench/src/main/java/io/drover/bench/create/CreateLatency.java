package io.drover.bench.create;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.e2e.guest.CloudImage;
import io.drover.server.placement.PlacementSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Create latency against the by-hand floor, both in one run on one host.
 *
 * <p>Drover: {@code POST /api/v1/vms} (1 vCPU, 128 MiB, 1 GiB disk, the test cloud image already
 * in the agent's cache) until libvirt reports the domain started ({@link CreateEvents}); each VM
 * is deleted through the API afterwards. Floor: {@link CreateFloor}, the same work by hand, until
 * the same event; each floor domain is destroyed with virsh. A second floor does the same with
 * {@code virDomainCreateXML} on a long-lived connection instead of virsh (what the agent does).
 * Each round runs all three in a rotating order so that whatever else the machine does hits
 * them alike, with a 1 s pause after each. The first create,
 * which fetches the image into the agent's cache, is reported on its own; warm-up runs of both
 * are not counted. Where Drover's time goes comes from the task's step timestamps.
 *
 * <pre>java -cp ... io.drover.bench.create.CreateLatency --work DIR [--runs 10] [--warmup 2] [--memory 128]</pre>
 */
public final class CreateLatency {
    private static final String IMAGE = "bench-cloud";
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(120);
    private static final long PAUSE_MS = 1000;

    private final CreateFleet fleet;
    private final CreateEvents events;
    private final Path work;
    private final Path agentData;
    private final long memoryMib;
    private final String runId = Long.toString(System.currentTimeMillis() % 100000, 36);
    private int seq;
    /** The inactive XML of the first VM Drover made here: the floor's template. */
    private String template;

    /** One Drover create: client times in ns from the POST, and the task's step times in ms from the POST. */
    record DroverRun(String vmId, long answeredNs, long startedNs, Map<String, long[]> stepsMs, long eventMs, long taskEndMs) {}

    private CreateLatency(CreateFleet fleet, CreateEvents events, Path work, Path agentData, long memoryMib) {
        this.fleet = fleet;
        this.events = events;
        this.work = work;
        this.agentData = agentData;
        this.memoryMib = memoryMib;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = CreateOptions.parse(args, Map.of("--work", "", "--runs", "10", "--warmup", "2", "--memory", "128"),
                "CreateLatency --work DIR [--runs 10] [--warmup 2] [--memory 128]");
        Path work = Path.of(opt.get("--work")).toAbsolutePath();
        int runs = Integer.parseInt(opt.get("--runs"));
        int warmup = Integer.parseInt(opt.get("--warmup"));
        long memory = Long.parseLong(opt.get("--memory"));
        if (runs < 1 || runs > 200 || warmup < 0 || warmup > 20) throw new IllegalArgumentException("--runs 1..200, --warmup 0..20");
        Files.createDirectories(work);
        CreateOptions.logServerTo(work.resolve("server.log"));

        Path base = CloudImage.forHost().build();
        PrintStream out = System.out;
        out.printf("create latency: base image %s, %d runs after %d warm-up runs, VMs of 1 vCPU, %d MiB, 1 GiB%n", base, runs, warmup, memory);
        try (CreateEvents events = new CreateEvents();
             CreateFleet fleet = CreateFleet.start(work, work.resolve("latency"), PlacementSettings.defaults())) {
            Path agentData = work.resolve("latency").resolve("agent");
            String hostId = fleet.startAgent("bench-latency", agentData, work.resolve("agent-latency.log"));
            fleet.registerImage(IMAGE, base);
            new CreateLatency(fleet, events, work, agentData, memory).run(base, hostId, runs, warmup, out);
        }
    }

    private void run(Path base, String hostId, int runs, int warmup, PrintStream out) throws Exception {
        List<String> floorUuids = new ArrayList<>();
        List<String> droverIds = new ArrayList<>();

        // The first create fetches the image into the agent's cache; its XML becomes the floor's template.
        DroverRun first = drover(false);
        droverIds.add(first.vmId());
        Files.writeString(work.resolve("drover-domain.xml"), template);
        CreateFloor floor = new CreateFloor(base, template, work.resolve("floor"), work);
        Files.createDirectories(work.resolve("floor"));

        for (int i = 0; i < warmup; i++) {
            DroverRun w = drover(true);
            droverIds.add(w.vmId());
            floorUuids.add(floor(floor, false).uuid());
            floorUuids.add(floor(floor, true).uuid());
        }
        List<DroverRun> d = new ArrayList<>();
        List<CreateFloor.Result> f = new ArrayList<>();
        List<CreateFloor.Result> api = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // Rotate which goes first, so none always follows the same one's clean-up.
            for (int k = 0; k < 3; k++) {
                switch ((i + k) % 3) {
                    case 0 -> d.add(drover(true));
                    case 1 -> f.add(floor(floor, false));
                    default -> api.add(floor(floor, true));
                }
            }
            droverIds.add(d.get(d.size() - 1).vmId());
            floorUuids.add(f.get(f.size() - 1).uuid());
            floorUuids.add(api.get(api.size() - 1).uuid());
            out.printf("  run %2d: drover %6.1f ms   floor (virsh) %6.1f ms   floor (API) %6.1f ms%n", i + 1,
                    CreateStats.ms(d.get(d.size() - 1).startedNs()), CreateStats.ms(f.get(f.size() - 1).startedNs()),
                    CreateStats.ms(api.get(api.size() - 1).startedNs()));
        }
        String leftovers = leftovers(hostId, droverIds, floorUuids);
        report(first, d, f, api, leftovers, out);
    }

    /** One Drover create, measured, then deleted through the API; repeated (up to 3 times) when libvirt's event connection dropped meanwhile. */
    private DroverRun drover(boolean cached) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int losses = events.losses();
            try {
                DroverRun run = droverOnce(cached);
                if (events.losses() == losses) return run;
            } catch (CreateEvents.Lost e) {
                if (attempt >= 3) throw e;
            }
            System.out.println("  (libvirt's event connection dropped during a run; repeating it)");
            if (attempt >= 3) throw new IllegalStateException("libvirt's event connection kept dropping");
        }
    }

    private DroverRun droverOnce(boolean cached) throws Exception {
        String name = "bench-lat-" + runId + "-" + (++seq);
        String body = CreateFleet.createBody(name, 1, memoryMib, IMAGE);
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        HttpResponse<String> r = fleet.send("POST", "/api/v1/vms", body);
        long answered = System.nanoTime() - t0;
        if (r.statusCode() != 202) throw new IllegalStateException("POST /api/v1/vms answered " + r.statusCode() + ": " + r.body());
        JsonNode accepted = CreateFleet.JSON.readTree(r.body());
        String vmId = accepted.get("vm").get("id").asText();
        CreateEvents.Started started;
        try {
            started = fleet.awaitStarted(events, vmId, accepted.get("task").get("id").asText(), CREATE_TIMEOUT);
        } catch (CreateEvents.Lost e) {
            deleteAndCheck(vmId);
            throw e;
        }
        JsonNode task = fleet.awaitTask(accepted.get("task").get("id").asText(), Duration.ofSeconds(60), 20);
        if (!"succeeded".equals(task.get("status").asText())) throw new IllegalStateException("create " + name + " did not succeed: " + task);
        Map<String, long[]> steps = new LinkedHashMap<>();
        for (JsonNode s : task.get("steps")) {
            steps.put(s.get("name").asText(), new long[] {epoch(s.get("started_at")) - wall0, epoch(s.get("ended_at")) - wall0});
        }
        if (template == null) {
            String xml = CreateFiles.virsh("dumpxml", "--inactive", vmId).output();
            if (!xml.contains("<domain")) throw new IllegalStateException("virsh dumpxml gave no domain XML: " + xml);
            template = xml;
        }
        DroverRun run = new DroverRun(vmId, answered, started.nanos() - t0, steps, started.epochMs() - wall0, epoch(task.get("ended_at")) - wall0);
        deleteAndCheck(vmId);
        Thread.sleep(PAUSE_MS);
        return run;
    }

    private CreateFloor.Result floor(CreateFloor floor, boolean viaApi) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int losses = events.losses();
            String uuid = UUID.randomUUID().toString();
            CreateFloor.Result r = null;
            try {
                r = floor.create(uuid, "bench-floor-" + runId + "-" + (++seq), events, viaApi);
            } catch (CreateEvents.Lost e) {
                if (attempt >= 3) throw e;
            } finally {
                floor.destroy(uuid);
            }
            if (CreateFiles.domainExists(uuid)) throw new IllegalStateException("floor domain " + uuid + " still exists after virsh destroy");
            Thread.sleep(PAUSE_MS);
            if (r != null && events.losses() == losses) return r;
            System.out.println("  (libvirt's event connection dropped during a floor run; repeating it)");
            if (attempt >= 3) throw new IllegalStateException("libvirt's event connection kept dropping");
        }
    }

    private void deleteAndCheck(String vmId) throws Exception {
        fleet.deleteVm(vmId, Duration.ofSeconds(60));
        if (CreateFiles.domainExists(vmId)) throw new IllegalStateException("VM " + vmId + " deleted but libvirt still has its domain");
        if (Files.exists(agentData.resolve("vms").resolve(vmId))) throw new IllegalStateException("VM " + vmId + " deleted but its files are left");
    }

    /** "" when nothing is left: no VMs on the server, nothing allocated, no domain or file of any run. */
    private String leftovers(String hostId, List<String> droverIds, List<String> floorUuids) throws Exception {
        List<String> left = new ArrayList<>();
        JsonNode vms = fleet.get("/api/v1/vms");
        if (vms.get("items").size() > 0) left.add(vms.get("items").size() + " VMs on the server");
        JsonNode alloc = fleet.get("/api/v1/hosts/" + hostId).get("allocated");
        if (alloc.get("cpus").asLong() + alloc.get("memory_mib").asLong() + alloc.get("disk_gib").asLong() != 0) left.add("allocation " + alloc);
        for (String id : droverIds) if (CreateFiles.domainExists(id)) left.add("domain " + id);
        for (String id : floorUuids) if (CreateFiles.domainExists(id)) left.add("floor domain " + id);
        try (var files = Files.list(agentData.resolve("vms"))) {
            long n = files.count();
            if (n > 0) left.add(n + " VM dirs in the agent's data dir");
        } catch (IOException e) {
            // no vms dir: nothing left
        }
        try (var files = Files.list(work.resolve("floor"))) {
            long n = files.count();
            if (n > 0) left.add(n + " floor dirs");
        }
        return String.join(", ", left);
    }

    private static long epoch(JsonNode rfc3339) {
        return rfc3339 == null || rfc3339.isNull() ? Long.MIN_VALUE : Instant.parse(rfc3339.asText()).toEpochMilli();
    }

    private static void report(DroverRun first, List<DroverRun> d, List<CreateFloor.Result> f, List<CreateFloor.Result> api, String leftovers,
                               PrintStream out) {
        CreateStats drover = CreateStats.of(d.stream().map(r -> CreateStats.ms(r.startedNs())).toList());
        CreateStats floor = CreateStats.of(f.stream().map(r -> CreateStats.ms(r.startedNs())).toList());
        CreateStats floorApi = CreateStats.of(api.stream().map(r -> CreateStats.ms(r.startedNs())).toList());
        CreateStats answered = CreateStats.of(d.stream().map(r -> CreateStats.ms(r.answeredNs())).toList());
        out.println();
        out.println("API call -> libvirt reports the domain running (ms), image cached on the host:");
        out.printf("  %-34s %6s %6s %6s %6s%n", "", "median", "p90", "max", "min");
        row(out, "Drover (POST /api/v1/vms)", drover);
        row(out, "floor (qemu-img+genisoimage+virsh)", floor);
        row(out, "floor, virDomainCreateXML not virsh", floorApi);
        row(out, "  POST answered 202", answered);
        double overhead = drover.median() - floor.median();
        out.printf(Locale.ROOT, "  ratio (median) %.2f   control-plane overhead (median Drover - median floor) %.0f ms   target < 150 ms: %s%n",
                drover.median() / floor.median(), overhead, overhead < 150 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "  against the API floor: ratio %.2f, overhead %.0f ms%n", drover.median() / floorApi.median(),
                drover.median() - floorApi.median());
        out.printf(Locale.ROOT, "  first create, image not cached (fetch_image %s ms): %.0f ms%n",
                span(first.stepsMs().get("fetch_image")), CreateStats.ms(first.startedNs()));

        out.println();
        out.println("Where Drover's time goes (median over the runs, ms; step times as the server recorded them):");
        List<String> names = new ArrayList<>(d.get(0).stepsMs().keySet());
        List<Double> posted = new ArrayList<>();
        for (DroverRun r : d) posted.add((double) r.stepsMs().get(names.get(0))[0]);
        out.printf("  %-46s %6s%n", "POST -> " + names.get(0) + " started", CreateStats.ms(CreateStats.of(posted).median()));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (i > 0) {
                String prev = names.get(i - 1);
                List<Double> gap = new ArrayList<>();
                for (DroverRun r : d) gap.add((double) (r.stepsMs().get(name)[0] - r.stepsMs().get(prev)[1]));
                out.printf("  %-46s %6s%n", "  gap " + prev + " ended -> " + name + " started", CreateStats.ms(CreateStats.of(gap).median()));
            }
            List<Double> dur = new ArrayList<>();
            for (DroverRun r : d) dur.add((double) (r.stepsMs().get(name)[1] - r.stepsMs().get(name)[0]));
            out.printf("  %-46s %6s%n", "step " + name, CreateStats.ms(CreateStats.of(dur).median()));
        }
        String last = names.get(names.size() - 1);
        List<Double> toEvent = new ArrayList<>();
        for (DroverRun r : d) toEvent.add((double) (r.eventMs() - r.stepsMs().get(last)[0]));
        out.printf("  %-46s %6s%n", last + " started -> libvirt event", CreateStats.ms(CreateStats.of(toEvent).median()));
        out.println("Floor's parts (median, ms):");
        out.printf("  %-46s %6s%n", "qemu-img create", CreateStats.ms(CreateStats.of(f.stream().map(r -> CreateStats.ms(r.qemuImgNs())).toList()).median()));
        out.printf("  %-46s %6s%n", "genisoimage (with writing the seed files)", CreateStats.ms(CreateStats.of(f.stream().map(r -> CreateStats.ms(r.seedNs())).toList()).median()));
        out.printf("  %-46s %6s%n", "virsh create -> libvirt event",
                CreateStats.ms(CreateStats.of(f.stream().map(r -> CreateStats.ms(r.startedNs() - r.qemuImgNs() - r.seedNs())).toList()).median()));
        out.printf("  %-46s %6s%n", "virsh create returned (after qemu-img+seed)",
                CreateStats.ms(CreateStats.of(f.stream().map(r -> CreateStats.ms(r.virshReturnedNs() - r.qemuImgNs() - r.seedNs())).toList()).median()));
        out.printf("  %-46s %6s%n", "virDomainCreateXML -> libvirt event (API floor)",
                CreateStats.ms(CreateStats.of(api.stream().map(r -> CreateStats.ms(r.startedNs() - r.qemuImgNs() - r.seedNs())).toList()).median()));
        out.println(leftovers.isEmpty() ? "Clean-up: nothing left (no VMs, no allocation, no domains, no files)." : "LEFT BEHIND: " + leftovers);
        out.printf(Locale.ROOT, "RESULT latency runs=%d drover_median_ms=%.1f drover_p90_ms=%.1f drover_max_ms=%.1f floor_median_ms=%.1f floor_p90_ms=%.1f "
                        + "floor_max_ms=%.1f ratio=%.2f overhead_ms=%.1f api_floor_median_ms=%.1f api_overhead_ms=%.1f first_uncached_ms=%.1f clean=%s%n",
                d.size(), drover.median(), drover.p90(), drover.max(), floor.median(), floor.p90(), floor.max(),
                drover.median() / floor.median(), overhead, floorApi.median(), drover.median() - floorApi.median(),
                CreateStats.ms(first.startedNs()), leftovers.isEmpty());
    }

    private static String span(long[] startEnd) {
        return startEnd == null ? "-" : Long.toString(startEnd[1] - startEnd[0]);
    }

    private static void row(PrintStream out, String label, CreateStats s) {
        out.printf("  %-34s %6s %6s %6s %6s%n", label, CreateStats.ms(s.median()), CreateStats.ms(s.p90()), CreateStats.ms(s.max()), CreateStats.ms(s.min()));
    }
}
