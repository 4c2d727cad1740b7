package io.drover.server.http.limits;

import io.drover.server.http.OneLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** LoginThrottle with a clock the test moves: per address attempts, per username failures. */
class RateLimitLoginThrottleTest {
    final MutableClock clock = new MutableClock();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** 5 attempts a minute per address; 3 failures per username per 15 minutes. */
    final LoginThrottle throttle = new LoginThrottle(
            new RateLimits(5, 3, Duration.ofMinutes(15), 200, 10), clock, registry);

    double logins(String outcome) {
        return registry.get("drover.logins").tag("outcome", outcome).counter().count();
    }

    @Test
    void anAddressGetsItsAttemptsPerMinuteWhateverTheUsernames() {
        for (int i = 0; i < 5; i++) {
            throttle.checkAttempt("10.0.0.9", "user" + i);
            throttle.recordSuccess("user" + i);
        }
        assertThatThrownBy(() -> throttle.checkAttempt("10.0.0.9", "someone"))
                .isInstanceOfSatisfying(TooManyRequests.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(12); // one attempt back every 60 s / 5
                    assertThat(e.getMessage()).contains("this address");
                });
        throttle.checkAttempt("10.0.0.10", "someone"); // another address is not held back
        clock.advance(Duration.ofSeconds(12));
        throttle.checkAttempt("10.0.0.9", "someone");
        assertThat(logins("ok")).isEqualTo(5);
        assertThat(logins("throttled")).isEqualTo(1);
    }

    @Test
    void aUsernameIsRefusedAfterItsFailuresFromAnyAddressUntilTheWindowGivesOneBack() {
        for (int i = 0; i < 3; i++) {
            throttle.checkAttempt("10.0.1." + i, "alice");
            throttle.recordFailure("10.0.1." + i, "alice");
        }
        assertThatThrownBy(() -> throttle.checkAttempt("10.0.2.1", "Alice"))
                .as("usernames match without case, from a fresh address too")
                .isInstanceOfSatisfying(TooManyRequests.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(300); // 15 min / 3
                    assertThat(e.getMessage()).contains("wrong passwords or codes").doesNotContain("alice");
                });
        throttle.checkAttempt("10.0.2.1", "bob");
        clock.advance(Duration.ofMinutes(5));
        throttle.checkAttempt("10.0.2.1", "alice");
        throttle.recordFailure("10.0.2.1", "alice");
        assertThatThrownBy(() -> throttle.checkAttempt("10.0.2.1", "alice")).isInstanceOf(TooManyRequests.class);
        assertThat(logins("failed")).isEqualTo(4);
        assertThat(logins("throttled")).isEqualTo(2);
    }

    @Test
    void aSuccessForgetsTheUsernamesFailures() {
        throttle.checkAttempt("10.0.0.1", "carol");
        throttle.recordFailure("10.0.0.1", "carol");
        throttle.checkAttempt("10.0.0.1", "carol");
        throttle.recordFailure("10.0.0.1", "carol");
        throttle.checkAttempt("10.0.0.1", "carol");
        throttle.recordSuccess("carol");
        throttle.recordFailure("10.0.0.2", "carol");
        throttle.recordFailure("10.0.0.2", "carol");
        throttle.checkAttempt("10.0.0.2", "carol"); // 2 of 3 since the success
    }

    @Test
    void hugeOrOddUsernamesAreKeyedSafely() {
        String huge = "x".repeat(1_000_000);
        for (int i = 0; i < 3; i++) throttle.recordFailure("10.0.0.1", huge + i);
        assertThatThrownBy(() -> throttle.checkAttempt("10.0.0.3", huge)).as("cut to the same key").isInstanceOf(TooManyRequests.class);
        throttle.checkAttempt("10.0.0.4", null);
        assertThat(OneLine.of("evil\nFAKE LOG LINE", 65)).isEqualTo("evil?FAKE LOG LINE");
        assertThat(OneLine.of("x".repeat(100), 65)).hasSize(65).endsWith("…");
    }
}
