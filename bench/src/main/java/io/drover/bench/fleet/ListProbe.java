package io.drover.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Reads VM listing pages at a fixed rate while the fleet heartbeats: in turn the first page
 * ({@code ?limit=100}), the running VMs ({@code &status=running}), and the next page of a walk
 * through the whole list ({@code &cursor=}, back to the start at its end). Open loop: latency
 * counts from each request's intended time, so a stall shows in every request it delayed.
 */
final class ListProbe implements Runnable {
    static final String[] KINDS = {"first page", "status=running", "cursor walk"};

    final Histogram all = new Histogram(60_000_000L, 3); // µs
    final Histogram[] byKind = {new Histogram(60_000_000L, 3), new Histogram(60_000_000L, 3), new Histogram(60_000_000L, 3)};
    final LongAdder sent = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder shortPages = new LongAdder();
    volatile String firstError;

    private final HttpClient http;
    private final URI base;
    /** Reads need a signed-in user: the admin's API token. */
    private final String token;
    private final int rate;
    private final long startNs;
    private final long endNs;
    private String cursor;

    ListProbe(HttpClient http, URI base, String token, int rate, long startNs, long endNs) {
        this.http = http;
        this.token = token;
        this.base = base;
        this.rate = rate;
        this.startNs = startNs;
        this.endNs = endNs;
    }

    @Override
    public void run() {
        if (rate <= 0) return;
        long period = 1_000_000_000L / rate;
        for (long i = 0; ; i++) {
            long intended = startNs + i * period;
            if (intended >= endNs) return;
            long wait = intended - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            int kind = (int) (i % KINDS.length);
            String query = switch (kind) {
                case 0 -> "?limit=100";
                case 1 -> "?limit=100&status=running";
                default -> cursor == null ? "?limit=100" : "?limit=100&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            };
            sent.increment();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/vms" + query))
                        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
                        .header("Authorization", "Bearer " + token).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                long us = Math.max(0, (System.nanoTime() - intended) / 1_000);
                all.recordValue(Math.min(us, 60_000_000L));
                byKind[kind].recordValue(Math.min(us, 60_000_000L));
                if (r.statusCode() != 200) {
                    error("GET /api/v1/vms" + query + " answered " + r.statusCode());
                    continue;
                }
                JsonNode page = SimHost.JSON.readTree(r.body());
                JsonNode next = page.path("next_cursor");
                if (kind != 2 && page.path("items").size() < 100) shortPages.increment();
                if (kind == 2) cursor = next.isTextual() ? next.asText() : null;
            } catch (IOException e) {
                error("GET /api/v1/vms" + query + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void error(String what) {
        errors.increment();
        if (firstError == null) firstError = what;
    }
}
