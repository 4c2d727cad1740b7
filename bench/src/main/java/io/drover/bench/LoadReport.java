package io.drover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The summary a run prints: a human block, a verdict against the targets, and one RESULT line for scripts. */
final class LoadReport {
    /** The targets for a 2-core machine, loader included. */
    static final int TARGET_RATE = 40_000;
    static final double TARGET_P99_MS = 10.0;
    static final double TARGET_LIST_P99_MS = 20.0;

    LoadOptions options;
    long scheduled;
    PhaseStats measured;
    Histogram latency;
    Histogram service;
    double measuredSeconds;
    ListingProbe listing;
    Histogram listingLatency;
    ProcessSample serverBefore;
    ProcessSample serverAfter;
    long serverPeakRssKb;
    ProcessSample loaderBefore;
    ProcessSample loaderAfter;
    MachineCpu machineBefore;
    MachineCpu machineAfter;
    String loadAverage;
    String machinesOnServer;
    List<String> loaderFailures = new ArrayList<>();

    void print(PrintStream out) {
        LoadOptions o = options;
        long sent = measured.sent.sum(), ok = measured.ok.sum();
        long unsent = Math.max(0, scheduled - sent);
        double achieved = ok / measuredSeconds;
        out.println();
        if (o.rate() > 0) {
            out.printf(Locale.ROOT, "== heartbeats: %d machines, target %d/s, %d connections, %d loader thread(s), %.0f s measured ==%n",
                    o.machines(), o.rate(), o.connections(), o.threads(), measuredSeconds);
            out.printf(Locale.ROOT, "  scheduled %d  sent %d  ok %d  errors %d (non-200 %d, io %d, timeout %d)  unsent %d  abandoned %d%n",
                    scheduled, sent, ok, measured.errors(), measured.non200.sum(), measured.ioErrors.sum(),
                    measured.timeouts.sum(), unsent, measured.abandoned.sum());
            out.printf(Locale.ROOT, "  achieved %.0f heartbeats/s (ok answers to requests due in the measured window / its length)%n", achieved);
            out.printf(Locale.ROOT, "  server delivered %.0f ok answers/s during the window (any request, warm-up backlog included)%n",
                    measured.answeredInWindow.sum() / measuredSeconds);
            out.println("  latency from intended send, ms: " + percentiles(latency));
            out.println("  service time from write, ms:    " + percentiles(service));
        }
        if (listing != null) {
            out.printf(Locale.ROOT, "== listing: GET %s at %d/s on its own connection ==%n", o.listPath(), o.listRate());
            out.printf(Locale.ROOT, "  sent %d  ok %d  errors %d (non-200 %d, io %d)  items on first page %d%n",
                    listing.sent.sum(), listing.ok.sum(), listing.non200.sum() + listing.ioErrors.sum(),
                    listing.non200.sum(), listing.ioErrors.sum(), listing.firstPageItems);
            out.println("  latency from intended send, ms: " + percentiles(listingLatency));
        }
        out.println("== processes ==");
        if (serverAfter != null) {
            out.printf(Locale.ROOT, "  server pid %d: RSS %.0f MiB at end, peak sampled %.0f MiB, VmHWM %.0f MiB, %d threads, CPU %.0f%% of one core%n",
                    serverAfter.pid(), serverAfter.rssMiB(), serverPeakRssKb / 1024.0, serverAfter.hwmMiB(), serverAfter.threads(),
                    serverBefore == null ? 0 : serverAfter.cpuPercentSince(serverBefore));
        } else {
            out.println("  server: pass --server-pid for its RSS and CPU");
        }
        if (loaderAfter != null && loaderBefore != null) {
            out.printf(Locale.ROOT, "  loader: CPU %.0f%% of one core, RSS %.0f MiB%n", loaderAfter.cpuPercentSince(loaderBefore), loaderAfter.rssMiB());
        }
        if (machineBefore != null && machineAfter != null) {
            double busy = machineAfter.busyPercentSince(machineBefore);
            double other = busy - cpu(serverBefore, serverAfter) - cpu(loaderBefore, loaderAfter);
            out.printf(Locale.ROOT, "  machine: %d CPUs, busy %.0f%% of one core in the window, of which other processes %.0f%%; load average %s%n",
                    machineAfter.cpus(), busy, Math.max(0, other), loadAverage);
            if (other > 25) out.println("  WARNING: other work on this machine took CPU during the run; figures are pessimistic");
        }
        if (machinesOnServer != null) out.println("  server reports machines=" + machinesOnServer);
        for (String f : loaderFailures) out.println("  LOADER PROBLEM: " + f);
        out.println("== verdict against the issue's targets (>= " + TARGET_RATE + "/s, p99 < " + (int) TARGET_P99_MS
                + " ms, 0 errors; listing p99 < " + (int) TARGET_LIST_P99_MS + " ms) ==");
        out.println("  " + verdict(achieved, unsent));
        out.println(resultLine(achieved, unsent));
    }

    private String verdict(double achieved, long unsent) {
        List<String> misses = new ArrayList<>();
        if (options.rate() > 0) {
            if (achieved < TARGET_RATE * 0.995) misses.add(String.format(Locale.ROOT, "rate %.0f/s < %d/s", achieved, TARGET_RATE));
            if (ms(latency.getValueAtPercentile(99)) >= TARGET_P99_MS) misses.add("heartbeat p99 " + ms3(latency.getValueAtPercentile(99)) + " ms");
            if (measured.errors() > 0) misses.add(measured.errors() + " heartbeat errors");
            if (unsent > 0) misses.add(unsent + " heartbeats never sent (backlog: the server answered too slowly)");
            if (measured.abandoned.sum() > 0) misses.add(measured.abandoned.sum() + " heartbeats unanswered at stop");
        }
        if (listing != null) {
            if (listingLatency.getTotalCount() == 0) misses.add("no listing answers");
            else if (ms(listingLatency.getValueAtPercentile(99)) >= TARGET_LIST_P99_MS) {
                misses.add("listing p99 " + ms3(listingLatency.getValueAtPercentile(99)) + " ms");
            }
            long listErrors = listing.non200.sum() + listing.ioErrors.sum();
            if (listErrors > 0) misses.add(listErrors + " listing errors");
        }
        if (!loaderFailures.isEmpty()) misses.add("loader problems (see above)");
        return misses.isEmpty() ? "PASS" : "MISS: " + String.join("; ", misses);
    }

    private String resultLine(double achieved, long unsent) {
        StringBuilder b = new StringBuilder("RESULT");
        kv(b, "machines", options.machines());
        kv(b, "target_rate", options.rate());
        kv(b, "connections", options.connections());
        kv(b, "achieved_rate", Math.round(achieved));
        kv(b, "delivered_rate", Math.round(measured.answeredInWindow.sum() / measuredSeconds));
        kv(b, "sent", measured.sent.sum());
        kv(b, "ok", measured.ok.sum());
        kv(b, "errors", measured.errors());
        kv(b, "unsent", unsent);
        kv(b, "abandoned", measured.abandoned.sum());
        kv(b, "p50_ms", ms3(latency.getValueAtPercentile(50)));
        kv(b, "p99_ms", ms3(latency.getValueAtPercentile(99)));
        kv(b, "p999_ms", ms3(latency.getValueAtPercentile(99.9)));
        kv(b, "max_ms", ms3(latency.getMaxValue()));
        if (listing != null) {
            kv(b, "list_ok", listing.ok.sum());
            kv(b, "list_errors", listing.non200.sum() + listing.ioErrors.sum());
            kv(b, "list_p50_ms", ms3(listingLatency.getValueAtPercentile(50)));
            kv(b, "list_p99_ms", ms3(listingLatency.getValueAtPercentile(99)));
            kv(b, "list_max_ms", ms3(listingLatency.getMaxValue()));
        }
        if (serverAfter != null) {
            kv(b, "server_rss_mib", Math.round(serverAfter.rssMiB()));
            kv(b, "server_peak_rss_mib", Math.round(serverPeakRssKb / 1024.0));
            if (serverBefore != null) kv(b, "server_cpu_pct", Math.round(serverAfter.cpuPercentSince(serverBefore)));
        }
        if (loaderAfter != null && loaderBefore != null) kv(b, "loader_cpu_pct", Math.round(loaderAfter.cpuPercentSince(loaderBefore)));
        if (machineBefore != null && machineAfter != null) {
            double busy = machineAfter.busyPercentSince(machineBefore);
            kv(b, "machine_busy_pct", Math.round(busy));
            kv(b, "other_cpu_pct", Math.round(Math.max(0, busy - cpu(serverBefore, serverAfter) - cpu(loaderBefore, loaderAfter))));
        }
        return b.toString();
    }

    private static double cpu(ProcessSample before, ProcessSample after) {
        return before == null || after == null ? 0 : after.cpuPercentSince(before);
    }

    private static void kv(StringBuilder b, String key, Object value) {
        b.append(' ').append(key).append('=').append(value);
    }

    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) return "(none)";
        return "p50 " + ms3(h.getValueAtPercentile(50)) + "  p90 " + ms3(h.getValueAtPercentile(90))
                + "  p99 " + ms3(h.getValueAtPercentile(99)) + "  p99.9 " + ms3(h.getValueAtPercentile(99.9))
                + "  max " + ms3(h.getMaxValue()) + "  (n=" + h.getTotalCount() + ")";
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    static String ms3(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
