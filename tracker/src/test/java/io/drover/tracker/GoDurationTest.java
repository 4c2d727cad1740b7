package io.drover.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "1m, PT1M",
        "500ms, PT0.5S",
        "1h30m, PT1H30M",
        "1.5s, PT1.5S",
        ".5s, PT0.5S",
        "2h45m10.5s, PT2H45M10.5S",
        "300us, PT0.0003S",
        "300µs, PT0.0003S",
        "300μs, PT0.0003S",
        "10ns, PT0.00000001S",
        "0, PT0S",
        "+5s, PT5S",
        "-5s, PT-5S",
        "1m30s, PT1M30S",
    })
    void parsesWhatGoParses(String text, Duration expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "1x", "1.2.3s", "ms", "1s2", "--1s", "1 s", "one second", "1S", "1d"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, 0s",
        "PT30S, 30s",
        "PT5S, 5s",
        "PT1M, 1m0s",
        "PT1H30M, 1h30m0s",
        "PT1M30.5S, 1m30.5s",
        "PT0.2S, 200ms",
        "PT0.0015S, 1.5ms",
        "PT0.000001S, 1µs",
        "PT0.000000007S, 7ns",
    })
    void formatsLikeGo(Duration duration, String expected) {
        assertThat(GoDuration.format(duration)).isEqualTo(expected);
    }
}
