package io.drover.server.metrics;

import io.drover.server.placement.HostStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hosts by liveness and how many agents are linked, from one read of every host shared by the
 * gauges of a scrape (at most one read a second).
 */
final class HostCounts {
    private static final long FRESH_MS = 1_000;

    private record Snapshot(long atMs, Map<HostStatus, Long> byStatus, long connected) {}

    private final Supplier<Map<String, HostStatus>> statusByHost;
    private final Predicate<String> isConnected;
    private final Clock clock;
    private Snapshot last;

    HostCounts(Supplier<Map<String, HostStatus>> statusByHost, Predicate<String> isConnected, Clock clock) {
        this.statusByHost = statusByHost;
        this.isConnected = isConnected;
        this.clock = clock;
    }

    double withStatus(HostStatus status) {
        return snapshot().byStatus().getOrDefault(status, 0L);
    }

    double connected() {
        return snapshot().connected();
    }

    private synchronized Snapshot snapshot() {
        long now = clock.millis();
        if (last == null || now - last.atMs() >= FRESH_MS || now < last.atMs()) {
            Map<String, HostStatus> hosts = statusByHost.get();
            Map<HostStatus, Long> byStatus = new HashMap<>();
            long connected = 0;
            for (Map.Entry<String, HostStatus> e : hosts.entrySet()) {
                byStatus.merge(e.getValue(), 1L, Long::sum);
                if (isConnected.test(e.getKey())) connected++;
            }
            last = new Snapshot(now, Map.copyOf(byStatus), connected);
        }
        return last;
    }
}
