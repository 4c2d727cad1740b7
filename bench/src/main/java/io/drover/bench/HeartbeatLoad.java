package io.drover.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Open-loop heartbeat load against a running Drover server on the loopback interface: N machines
 * heartbeat at a fixed total rate over C keep-alive connections while a probe reads a listing page.
 * A warm-up (at least one pass over all machines, so all are registered) precedes the measured
 * window. See bench/README.md for what each figure means. Run with --help for the options.
 */
public final class HeartbeatLoad {
    private HeartbeatLoad() {}

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (LoadOptions.UsageRequested e) {
            System.out.print(LoadOptions.USAGE);
            return;
        } catch (LoadOptions.BadArgument e) {
            System.err.println("HeartbeatLoad: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        LoadReport report = run(options);
        report.print(System.out);
        System.exit(report.loaderFailures.isEmpty() ? 0 : 1);
    }

    static LoadReport run(LoadOptions o) throws IOException, InterruptedException {
        String before = machinesOnServer(o);
        if (before == null) throw new IOException("no answer from GET /healthz at " + o.server() + "; is the server up?");
        System.out.printf(Locale.ROOT, "HeartbeatLoad: %s, server has %s machines; %d machines at %d/s over %d connections, "
                        + "warm-up %d ms, measured %d s, listing %s at %d/s%n",
                o.server(), before, o.machines(), o.rate(), o.connections(), o.effectiveWarmup().toMillis(),
                o.duration().toSeconds(), o.listPath(), o.listRate());

        HeartbeatRequests requests = o.rate() > 0 ? new HeartbeatRequests(o.machines(), o.hostHeader()) : null;
        PhaseStats warmup = new PhaseStats();
        PhaseStats measured = new PhaseStats();
        long start = System.nanoTime() + 300_000_000L;
        long measureFrom = start + o.effectiveWarmup().toNanos();
        long end = measureFrom + o.duration().toNanos();
        Schedule schedule = new Schedule(start, measureFrom, end, Math.max(1, o.rate()));

        List<HeartbeatDriver> drivers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        if (o.rate() > 0) {
            for (int t = 0; t < o.threads(); t++) {
                int connections = o.connections() / o.threads() + (t < o.connections() % o.threads() ? 1 : 0);
                HeartbeatDriver driver = new HeartbeatDriver(o.server(), requests, schedule, t, o.threads(), connections,
                        o.timeout().toNanos(), warmup, measured);
                drivers.add(driver);
                threads.add(new Thread(driver, "heartbeats-" + t));
            }
        }
        ListingProbe listing = o.listRate() > 0
                ? new ListingProbe(o.server(), o.hostHeader(), o.listPath(), o.token(), o.listRate(), measureFrom, end, (int) o.timeout().toMillis())
                : null;
        if (listing != null) threads.add(new Thread(listing, "listing"));
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }

        LoadReport report = new LoadReport();
        report.options = o;
        report.measured = measured;
        report.listing = listing;
        report.latency = new Histogram(3);
        report.service = new Histogram(3);
        report.listingLatency = new Histogram(3);
        sampleUntil(o, measureFrom, warmup, measured, listing, report, schedule);

        long joinDeadline = end + TimeUnit.SECONDS.toNanos(12);
        for (Thread t : threads) {
            long left = joinDeadline - System.nanoTime();
            if (left > 0) t.join(Math.max(1, left / 1_000_000));
            if (t.isAlive()) report.loaderFailures.add(t.getName() + " did not stop in time");
        }
        if (report.serverAfter == null || report.loaderAfter == null) {
            report.serverAfter = o.serverPid() > 0 ? ProcessSample.of(o.serverPid()) : null;
            report.loaderAfter = ProcessSample.self();
        }
        drain(measured, listing, report);
        for (HeartbeatDriver d : drivers) if (d.failure() != null) report.loaderFailures.add(d.failure());
        report.scheduled = o.rate() > 0 ? schedule.dueBetween(measureFrom, end) : 0;
        report.measuredSeconds = (end - measureFrom) / 1e9;
        report.machinesOnServer = machinesOnServer(o);
        return report;
    }

    /** Prints progress every 5 s and samples the processes until the end of the measured window. */
    private static void sampleUntil(LoadOptions o, long measureFrom, PhaseStats warmup, PhaseStats measured,
                                    ListingProbe listing, LoadReport report, Schedule schedule) throws InterruptedException {
        long next = schedule.startNs();
        int tick = 0;
        long lastOk = 0;
        long lastTickNs = measureFrom;
        Histogram window = new Histogram(3);
        Histogram listWindow = new Histogram(3);
        boolean inMeasure = false;
        while (true) {
            next += 1_000_000_000L;
            long now = System.nanoTime();
            if (!inMeasure && now >= measureFrom) {
                inMeasure = true;
                report.serverBefore = o.serverPid() > 0 ? ProcessSample.of(o.serverPid()) : null;
                report.loaderBefore = ProcessSample.self();
                report.machineBefore = MachineCpu.now();
                System.out.printf(Locale.ROOT, "  warm-up done: sent %d ok %d errors %d%n", warmup.sent.sum(), warmup.ok.sum(), warmup.errors());
            }
            if (now >= schedule.endNs()) {
                report.serverAfter = o.serverPid() > 0 ? ProcessSample.of(o.serverPid()) : null;
                report.loaderAfter = ProcessSample.self();
                report.machineAfter = MachineCpu.now();
                report.loadAverage = MachineCpu.loadAverage();
                return;
            }
            if (o.serverPid() > 0) {
                ProcessSample s = ProcessSample.of(o.serverPid());
                if (s != null) report.serverPeakRssKb = Math.max(report.serverPeakRssKb, s.rssKb());
            }
            if (inMeasure) {
                Histogram h = measured.latency.getIntervalHistogram();
                report.latency.add(h);
                window.add(h);
                report.service.add(measured.service.getIntervalHistogram());
                if (listing != null) {
                    Histogram l = listing.latency.getIntervalHistogram();
                    report.listingLatency.add(l);
                    listWindow.add(l);
                }
                if (++tick % 5 == 0) {
                    long ok = measured.answeredInWindow.sum();
                    double secs = (now - lastTickNs) / 1e9;
                    ProcessSample s = o.serverPid() > 0 ? ProcessSample.of(o.serverPid()) : null;
                    System.out.printf(Locale.ROOT, "  +%2ds  answered/s %6.0f  errors %d  p99 %s ms  max %s ms | listing p99 %s ms | server RSS %s MiB%n",
                            tick, (ok - lastOk) / secs, measured.errors(), LoadReport.ms3(window.getValueAtPercentile(99)),
                            LoadReport.ms3(window.getMaxValue()),
                            listWindow.getTotalCount() == 0 ? "-" : LoadReport.ms3(listWindow.getValueAtPercentile(99)),
                            s == null ? "?" : String.valueOf(Math.round(s.rssMiB())));
                    lastOk = ok;
                    lastTickNs = now;
                    window.reset();
                    listWindow.reset();
                }
            }
            long sleep = Math.min(next, schedule.endNs()) - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
        }
    }

    /** Adds what was recorded after the last sample (answers that arrived while draining). */
    private static void drain(PhaseStats measured, ListingProbe listing, LoadReport report) {
        report.latency.add(measured.latency.getIntervalHistogram());
        report.service.add(measured.service.getIntervalHistogram());
        if (listing != null) report.listingLatency.add(listing.latency.getIntervalHistogram());
    }

    private static final Pattern MACHINES = Pattern.compile("(?m)^drover_machines (\\d+)");

    /**
     * The machine count the server's {@code /metrics} reports (with {@code --token}: metrics need a
     * signed-in user; "?" without one), or null when {@code /healthz} does not answer.
     */
    static String machinesOnServer(LoadOptions o) {
        if (fetch(o, "/healthz", null) == null) return null;
        if (o.token() == null) return "?";
        String metrics = fetch(o, "/metrics", o.token());
        Matcher m = metrics == null ? null : MACHINES.matcher(metrics);
        return m != null && m.find() ? m.group(1) : "?";
    }

    /** The body of a GET, or null when the server does not answer it with 200. */
    private static String fetch(LoadOptions o, String path, String token) {
        try {
            URL url = new URL("http://" + o.hostHeader() + path);
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setConnectTimeout(3_000);
            c.setReadTimeout(5_000);
            if (token != null) c.setRequestProperty("Authorization", "Bearer " + token);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }
}
