package io.drover.bench.fleet;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restarts the server under the fleet (bench/fleet.sh's script: stop with SIGTERM or SIGKILL,
 * start again on the same port, data dir and store, wait for /healthz) and times what follows:
 * when every simulated host is linked again, by the simulator's own count and by the server's
 * {@code drover_agents_connected} gauge. Every wait is bounded.
 */
final class ServerRestart implements Runnable {
    private static final Pattern LINE = Pattern.compile(
            "^RESTART stop_ms=(\\d+) exited_ms=(\\d+) healthy_ms=(\\d+) pid=(\\d+)");
    private static final long RELINK_TIMEOUT_MS = 180_000;

    private final String command;
    private final ServerApi api;
    private final List<SimHost> hosts;
    private final FleetStats stats;
    final List<String> output = new ArrayList<>();
    volatile long stopMs, exitedMs, healthyMs, newPid;
    volatile long allLinkedSimMs, allLinkedGaugeMs; // 0: not within the timeout
    volatile String failure;
    volatile boolean done;

    ServerRestart(String command, ServerApi api, List<SimHost> hosts, FleetStats stats) {
        this.command = command;
        this.api = api;
        this.hosts = hosts;
        this.stats = stats;
    }

    @Override
    public void run() {
        stats.restarting = true;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    System.out.println("    restart: " + line);
                    Matcher m = LINE.matcher(line);
                    if (m.find()) {
                        stopMs = Long.parseLong(m.group(1));
                        exitedMs = Long.parseLong(m.group(2));
                        healthyMs = Long.parseLong(m.group(3));
                        newPid = Long.parseLong(m.group(4));
                    }
                }
            }
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                failure = "the restart command did not finish within 240 s";
                return;
            }
            if (p.exitValue() != 0 || newPid == 0) {
                failure = "the restart command failed (exit " + p.exitValue() + ")";
                return;
            }
            long deadline = System.currentTimeMillis() + RELINK_TIMEOUT_MS;
            while (System.currentTimeMillis() < deadline && (allLinkedSimMs == 0 || allLinkedGaugeMs == 0)) {
                long now = System.currentTimeMillis();
                if (allLinkedSimMs == 0) {
                    long latest = 0;
                    boolean all = true;
                    for (SimHost h : hosts) {
                        if (!h.linked() || h.welcomedAtMs() < stopMs) {
                            all = false;
                            break;
                        }
                        latest = Math.max(latest, h.welcomedAtMs());
                    }
                    if (all) allLinkedSimMs = latest;
                }
                if (allLinkedGaugeMs == 0) {
                    try {
                        double connected = LagBuckets.parse(api.text("/metrics")).value("drover_agents_connected");
                        if (connected >= hosts.size()) allLinkedGaugeMs = now;
                    } catch (Exception e) {
                        // the server may still be busy; try again
                    }
                }
                Thread.sleep(200);
            }
            if (allLinkedSimMs == 0 || allLinkedGaugeMs == 0) failure = "not every host relinked within 180 s";
        } catch (Exception e) {
            failure = "restart: " + e;
        } finally {
            stats.restarting = false;
            done = true;
        }
    }

    static String seconds(long fromMs, long toMs) {
        return fromMs == 0 || toMs == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (toMs - fromMs) / 1000.0);
    }
}
