package io.drover.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker as a separate JVM, the way systemd runs it: flags in, signals to stop, exit status out. */
class MainProcessTest {

    @TempDir
    Path dir;

    private FakeRegisterServer server;
    private Process process;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeRegisterServer.start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        server.close();
    }

    @Test
    void registersThenExitsZeroWithinOneSecondOfSigterm() throws Exception {
        Optional<String> nic = interfaceWithIpv4();
        assumeTrue(nic.isPresent(), "needs a network interface with a non-loopback IPv4 address");
        Path output = dir.resolve("tracker.log");

        process = launch(output, "-api", server.baseUri().toString(), "-interface", nic.get(),
                "-interval", "200ms", "-token", "t0k3n");

        await().atMost(Duration.ofSeconds(20)).until(() -> server.requests().size() >= 2);
        FakeRegisterServer.Request first = server.requests().get(0);
        assertThat(first.path()).isEqualTo("/api/register");
        assertThat(first.header("Authorization")).isEqualTo("Bearer t0k3n");
        assertThat(first.body()).contains("\"interface\":\"" + nic.get() + "\"", "\"interval_seconds\":1");

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(1, TimeUnit.SECONDS)).as("exited within 1 s of SIGTERM").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(output, StandardCharsets.UTF_8))
                .contains("INFO  registered ", "INFO  stopped")
                .doesNotContain("t0k3n");
    }

    @Test
    void exitsOneWhenTheInterfaceHasNoIpv4Address() throws Exception {
        Path output = dir.resolve("tracker.log");

        process = launch(output, "-api", server.baseUri().toString(), "-interface", "lo", "-retry", "50ms");

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(output, StandardCharsets.UTF_8))
                .contains("ERROR no IPv4 address on interface lo after 3 attempts");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void exitsTwoOnAnUnknownFlag() throws Exception {
        Path output = dir.resolve("tracker.log");

        process = launch(output, "-port", "80");

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(output, StandardCharsets.UTF_8))
                .startsWith("drover-tracker: flag provided but not defined: -port")
                .contains("Usage: drover-tracker [flags]");
    }

    private static Process launch(Path output, String... flags) throws Exception {
        // target/classes, found from the compiled Main rather than assumed from the working directory
        String classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", // faster start on small CI machines
                "-cp", classes, Main.class.getName()));
        command.addAll(List.of(flags));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private static Optional<String> interfaceWithIpv4() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nif -> {
                    try {
                        return nif.isUp() && !nif.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .filter(nif -> nif.inetAddresses().anyMatch(a -> a instanceof Inet4Address && !a.isLoopbackAddress()))
                .map(NetworkInterface::getName)
                .findFirst();
    }
}
