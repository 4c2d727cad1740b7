package io.drover.server.tracker;

import java.time.Duration;

/**
 * When a tracked machine counts as offline and when it is forgotten. The offline threshold is
 * never shorter than 1.5 × the heartbeat interval the machine announced, so a tracker with a
 * 30 s interval does not flap against a 20 s threshold.
 */
public record LivenessPolicy(Duration checkEvery, Duration cleanupEvery, Duration offlineAfter, Duration removeAfter) {
    public static LivenessPolicy defaults() {
        return new LivenessPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(300));
    }

    long offlineAfterMs(Machine m) {
        long announced = m.intervalSeconds() == null ? 0 : m.intervalSeconds() * 1500L;
        return Math.max(offlineAfter.toMillis(), announced);
    }

    /** Never forget a machine before it would even count as offline. */
    long removeAfterMs(Machine m) {
        return Math.max(removeAfter.toMillis(), offlineAfterMs(m));
    }
}
