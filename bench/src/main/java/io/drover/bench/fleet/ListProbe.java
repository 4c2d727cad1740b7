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
 * Reads what the console's VM list and dashboard read, at a fixed rate while the fleet
 * heartbeats, in turn: the first page ({@code ?limit=100}), the running VMs
 * ({@code &status=running}), the next page of a walk through the whole list ({@code &cursor=},
 * back to the start at its end), a name search, one host's VMs, one image's VMs, an address
 * prefix, and the dashboard. Open loop: latency counts from each request's intended time, so a
 * stall shows in every request it delayed.
 */
final class ListProbe implements Runnable {
    static final String[] KINDS = {"first page", "status=running", "cursor walk", "q=name", "host=", "image=", "ip=prefix", "dashboard"};
    private static final int WALK = 2, DASHBOARD = 7;

    final Histogram all = new Histogram(60_000_000L, 3); // µs
    final Histogram[] byKind = new Histogram[KINDS.length];
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
    private final String host;
    private final String image;
    private String cursor;

    /** {@code host} and {@code image}: names the host and image filters ask for. */
    ListProbe(HttpClient http, URI base, String token, int rate, long startNs, long endNs, String host, String image) {
        for (int k = 0; k < KINDS.length; k++) byKind[k] = new Histogram(60_000_000L, 3);
        this.host = URLEncoder.encode(host, StandardCharsets.UTF_8);
        this.image = URLEncoder.encode(image, StandardCharsets.UTF_8);
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
                case 0 -> "/api/v1/vms?limit=100";
                case 1 -> "/api/v1/vms?limit=100&status=running";
                case WALK -> cursor == null ? "/api/v1/vms?limit=100" : "/api/v1/vms?limit=100&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
                case 3 -> "/api/v1/vms?limit=100&q=" + host + "-vm";
                case 4 -> "/api/v1/vms?limit=100&host=" + host;
                case 5 -> "/api/v1/vms?limit=100&image=" + image;
                case 6 -> "/api/v1/vms?limit=100&ip=10.";
                default -> "/api/v1/dashboard";
            };
            sent.increment();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(query))
                        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
                        .header("Authorization", "Bearer " + token).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                long us = Math.max(0, (System.nanoTime() - intended) / 1_000);
                all.recordValue(Math.min(us, 60_000_000L));
                byKind[kind].recordValue(Math.min(us, 60_000_000L));
                if (r.statusCode() != 200) {
                    error("GET " + query + " answered " + r.statusCode());
                    continue;
                }
                if (kind == DASHBOARD) continue;
                JsonNode page = SimHost.JSON.readTree(r.body());
                JsonNode next = page.path("next_cursor");
                if (kind <= 1 && page.path("items").size() < 100) shortPages.increment();
                if (kind == WALK) cursor = next.isTextual() ? next.asText() : null;
            } catch (IOException e) {
                error("GET " + query + ": " + e);
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
