package io.drover.server.http.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per key (a client address, a username): {@code permits} at once, earned back
 * evenly over {@code per}. The number of keys is bounded: past {@code maxKeys} the least recently
 * used key is forgotten, so a caller rotating source addresses cannot grow memory without end
 * (a forgotten key starts again with a full bucket, which only gives back what it had earned).
 *
 * <p>Keys are spread over a few independently locked stripes, each a short critical section, so
 * the limiter may run on Jetty's I/O threads for the heartbeat path.
 */
public final class RateLimiter {
    private static final int STRIPES = 16;
    /** Refill is a product of doubles: a bucket due exactly one permit may hold 0.9999999999. */
    private static final double EPSILON = 1e-9;

    private final double capacity;
    private final double permitsPerNano;
    private final Clock clock;
    private final Stripe[] stripes = new Stripe[STRIPES];

    /** {@code permits} of 0 or less means no limit. */
    public RateLimiter(int permits, Duration per, int maxKeys, Clock clock) {
        if (permits > 0 && (per.isZero() || per.isNegative())) throw new IllegalArgumentException("per must be positive: " + per);
        if (maxKeys < STRIPES) throw new IllegalArgumentException("maxKeys must be at least " + STRIPES);
        this.capacity = permits;
        this.permitsPerNano = permits > 0 ? permits / (double) per.toNanos() : 0;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Stripe(maxKeys / STRIPES);
    }

    public boolean unlimited() {
        return capacity <= 0;
    }

    /** Takes a permit for {@code key}: {@link Duration#ZERO} when there was one, else how long until there is. */
    public Duration acquire(String key) {
        if (unlimited()) return Duration.ZERO;
        return stripe(key).acquire(key, nanos(), true);
    }

    /** How long until {@code key} has a permit (zero: it has one now), without taking it. */
    public Duration check(String key) {
        if (unlimited()) return Duration.ZERO;
        return stripe(key).acquire(key, nanos(), false);
    }

    /** Takes a permit whether or not there is one (a failure to count); the bucket never goes below empty. */
    public void charge(String key) {
        if (unlimited()) return;
        stripe(key).charge(key, nanos());
    }

    /** Gives {@code key} a full bucket again (forgets it). */
    public void reset(String key) {
        if (unlimited()) return;
        stripe(key).forget(key);
    }

    /** Keys remembered now (tests). */
    int size() {
        int n = 0;
        for (Stripe s : stripes) n += s.size();
        return n;
    }

    private long nanos() {
        // Clock rather than System.nanoTime so tests can move time; millisecond steps are plenty here.
        return clock.millis() * 1_000_000L;
    }

    private Stripe stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private static final class Bucket {
        double tokens;
        long atNanos;
    }

    private final class Stripe {
        private final Map<String, Bucket> buckets;

        Stripe(int maxKeys) {
            // Access order: the eldest entry is the one idle longest.
            this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > maxKeys;
                }
            };
        }

        synchronized Duration acquire(String key, long now, boolean take) {
            Bucket b = refilled(key, now);
            if (b.tokens >= 1 - EPSILON) {
                if (take) b.tokens = Math.max(0, b.tokens - 1);
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - b.tokens) / permitsPerNano));
        }

        synchronized void charge(String key, long now) {
            Bucket b = refilled(key, now);
            b.tokens = Math.max(0, b.tokens - 1);
        }

        synchronized void forget(String key) {
            buckets.remove(key);
        }

        synchronized int size() {
            return buckets.size();
        }

        private Bucket refilled(String key, long now) {
            Bucket b = buckets.get(key);
            if (b == null) {
                b = new Bucket();
                b.tokens = capacity;
                b.atNanos = now;
                buckets.put(key, b);
                return b;
            }
            // A clock stepping back earns nothing rather than a negative amount.
            long elapsed = Math.max(0, now - b.atNanos);
            b.tokens = Math.min(capacity, b.tokens + elapsed * permitsPerNano);
            b.atNanos = Math.max(b.atNanos, now);
            return b;
        }
    }
}
