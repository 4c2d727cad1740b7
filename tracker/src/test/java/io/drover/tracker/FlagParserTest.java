package io.drover.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagParserTest {

    private final FlagParser parser = new FlagParser("ens3");

    @Test
    void defaults() throws Exception {
        TrackerOptions options = parser.parse(List.of());

        assertThat(options).isEqualTo(new TrackerOptions(URI.create("http://localhost:8080"), "ens3",
                Duration.ofSeconds(30), Duration.ofSeconds(5), false, ""));
        assertThat(options.registerUri()).isEqualTo(URI.create("http://localhost:8080/api/register"));
    }

    @Test
    void goStyleSpellings() throws Exception {
        TrackerOptions options = parser.parse(List.of("-api", "https://drover.example:8443/", "--interface=eth1",
                "-interval=1m", "--retry", "500ms", "-verbose", "--token", "s3cr3t.token"));

        assertThat(options).isEqualTo(new TrackerOptions(URI.create("https://drover.example:8443"), "eth1",
                Duration.ofMinutes(1), Duration.ofMillis(500), true, "s3cr3t.token"));
        assertThat(options.registerUri()).isEqualTo(URI.create("https://drover.example:8443/api/register"));
    }

    @Test
    void keepsABasePathAndLetsTheLastOccurrenceWin() throws Exception {
        TrackerOptions options = parser.parse(List.of("-api", "http://a/x", "-api", "http://proxy/drover//",
                "-interval", "1h30m", "-interval", "200ms"));

        assertThat(options.registerUri()).isEqualTo(URI.create("http://proxy/drover/api/register"));
        assertThat(options.interval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void booleanFlagTakesOnlyAnAttachedValue() throws Exception {
        assertThat(parser.parse(List.of("-verbose=false")).verbose()).isFalse();
        assertThat(parser.parse(List.of("--verbose=true")).verbose()).isTrue();
        assertThat(parser.parse(List.of("-verbose=1")).verbose()).isTrue();
        assertThatThrownBy(() -> parser.parse(List.of("-verbose=yes")))
                .hasMessage("invalid boolean value \"yes\" for -verbose");
        // As in Go, "-verbose false" leaves "false" as a positional argument.
        assertThatThrownBy(() -> parser.parse(List.of("-verbose", "false")))
                .hasMessageContaining("unexpected argument \"false\"");
    }

    @Test
    void doubleDashEndsTheFlags() throws Exception {
        assertThat(parser.parse(List.of("-verbose", "--")).verbose()).isTrue();
        assertThatThrownBy(() -> parser.parse(List.of("--", "-verbose"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument \"-verbose\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--help", "--h", "-help=1"})
    void helpIsRequested(String flag) {
        assertThatThrownBy(() -> parser.parse(List.of("-interval", "5s", flag)))
                .isInstanceOf(HelpRequestedException.class);
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThatThrownBy(() -> parser.parse(List.of("-port", "80")))
                .isInstanceOf(UsageException.class).hasMessage("flag provided but not defined: -port");
        assertThatThrownBy(() -> parser.parse(List.of("-api")))
                .hasMessage("flag needs an argument: -api");
        assertThatThrownBy(() -> parser.parse(List.of("-interval", "30")))
                .hasMessageStartingWith("invalid value \"30\" for flag -interval: missing unit");
        assertThatThrownBy(() -> parser.parse(List.of("-interval", "0s")))
                .hasMessage("invalid value \"0s\" for flag -interval: must be positive");
        assertThatThrownBy(() -> parser.parse(List.of("-retry=-1s")))
                .hasMessage("invalid value \"-1s\" for flag -retry: must not be negative");
        assertThatThrownBy(() -> parser.parse(List.of("-api", "localhost:8080")))
                .hasMessageStartingWith("invalid value \"localhost:8080\" for flag -api: want an http:// or https:// URL");
        assertThatThrownBy(() -> parser.parse(List.of("-api", "ftp://host")))
                .hasMessageContaining("for flag -api");
        assertThatThrownBy(() -> parser.parse(List.of("-interface=")))
                .hasMessage("invalid value \"\" for flag -interface: must not be empty");
        assertThatThrownBy(() -> parser.parse(List.of("---api=x")))
                .hasMessage("bad flag syntax: ---api=x");
        assertThatThrownBy(() -> parser.parse(List.of("-=x")))
                .hasMessage("bad flag syntax: -=x");
    }

    @Test
    void aBadTokenIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> parser.parse(List.of("-token", "abc\r\nX-Evil: 1")))
                .isInstanceOf(UsageException.class)
                .hasMessageNotContaining("abc");
    }

    @Test
    void usageListsEveryFlagWithItsDefault() {
        assertThat(parser.usage())
                .contains("-api string", "(default \"http://localhost:8080\")")
                .contains("-interface string", "(default \"ens3\"")
                .contains("-interval duration", "(default 30s)")
                .contains("-retry duration", "(default 5s)")
                .contains("-token string", "-verbose", "(default false)", "-h, -help");
    }

    @Test
    void mainPrintsHelpToStdoutAndExitsZero() {
        Streams streams = new Streams();

        int status = Main.run(new String[] {"--help"}, streams.out, streams.err);

        assertThat(status).isZero();
        assertThat(streams.out()).startsWith("Usage: drover-tracker [flags]").contains("-interval duration");
        assertThat(streams.err()).isEmpty();
    }

    @Test
    void mainReportsABadFlagWithUsageOnStderrAndExitsTwo() {
        Streams streams = new Streams();

        int status = Main.run(new String[] {"-interval", "soon"}, streams.out, streams.err);

        assertThat(status).isEqualTo(2);
        assertThat(streams.out()).isEmpty();
        assertThat(streams.err()).startsWith("drover-tracker: invalid value \"soon\" for flag -interval")
                .contains("Usage: drover-tracker [flags]");
    }

    private static final class Streams {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
