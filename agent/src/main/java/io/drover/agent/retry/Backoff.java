package io.drover.agent.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a random time up to min(max, base * 2^n), at least base / 2. */
public record Backoff(Duration base, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Duration delay(int attempt) {
        long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt, 20));
        long floor = base.toMillis() / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(Math.max(1, cap - floor + 1)));
    }
}
