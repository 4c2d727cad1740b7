package io.drover.server.http.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final MutableClock clock = new MutableClock();

    @Test
    void aKeyGetsItsPermitsThenWaitsForTheNextOne() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(3), 1024, clock);
        for (int i = 0; i < 3; i++) assertThat(limiter.acquire("10.0.0.1")).isZero();
        assertThat(limiter.acquire("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.acquire("10.0.0.2")).as("another key has its own bucket").isZero();

        clock.advance(Duration.ofMillis(400));
        assertThat(limiter.acquire("10.0.0.1")).isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        assertThat(limiter.acquire("10.0.0.1")).isZero();
        assertThat(limiter.acquire("10.0.0.1")).isPositive();
    }

    @Test
    void checkDoesNotTakeAndChargeTakesEvenWhenEmpty() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(2), 1024, clock);
        assertThat(limiter.check("alice")).isZero();
        assertThat(limiter.check("alice")).isZero();
        limiter.charge("alice");
        limiter.charge("alice");
        limiter.charge("alice");
        assertThat(limiter.check("alice")).as("empty, not below empty").isEqualTo(Duration.ofMinutes(1));
        limiter.reset("alice");
        assertThat(limiter.check("alice")).isZero();
    }

    @Test
    void rotatingKeysDoNotGrowMemoryAndTheIdlestIsForgotten() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofHours(1), 1024, clock);
        for (int i = 0; i < 100_000; i++) limiter.acquire("addr-" + i);
        assertThat(limiter.size()).isLessThanOrEqualTo(1024);
        assertThat(limiter.acquire("addr-99999")).as("a recent key is still remembered").isPositive();
        assertThat(limiter.acquire("addr-0")).as("the oldest was forgotten: a full bucket again").isZero();
    }

    @Test
    void zeroPermitsMeansNoLimitAndAClockSteppingBackEarnsNothing() {
        RateLimiter off = new RateLimiter(0, Duration.ZERO, 1024, clock);
        for (int i = 0; i < 1000; i++) assertThat(off.acquire("x")).isZero();

        RateLimiter limiter = new RateLimiter(1, Duration.ofSeconds(10), 1024, clock);
        limiter.acquire("x");
        clock.advance(Duration.ofSeconds(-60));
        assertThat(limiter.acquire("x")).isPositive();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(TooManyRequests.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(TooManyRequests.seconds(Duration.ofMillis(1000))).isEqualTo(1);
        assertThat(TooManyRequests.seconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(TooManyRequests.seconds(Duration.ZERO)).isEqualTo(1);
        assertThat(new TooManyRequests("slow down", Duration.ofSeconds(90)).headers()).containsEntry("Retry-After", "90");
        assertThat(new TooManyRequests("slow down", Duration.ofSeconds(90)).status()).isEqualTo(429);
    }
}
