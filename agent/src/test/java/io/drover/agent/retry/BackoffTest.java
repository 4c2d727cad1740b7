package io.drover.agent.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void backoffStaysWithinItsBoundsAndGrows() {
        Backoff b = Backoff.DEFAULT;
        for (int attempt = 0; attempt < 40; attempt++) {
            Duration d = b.delay(attempt);
            assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(30));
            if (attempt == 0) assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
