package io.drover.e2e.guest;

import java.util.ArrayList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell tracker that install.sh installs, run on this host against a fake server on
 * 127.0.0.1. A fake {@code ip} on PATH stands in for the guest's network, so the heartbeat is
 * the same on every machine. (busybox sh runs its own applets before PATH, so the fake only
 * works under dash; the busybox tracker is covered end to end by {@link GuestTrackingTest}.)
 */
class ShellTrackerTest {
    private static final String TOKEN = "s3cret'\"\\token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Answers like iproute2 for an interface ens3 at 10.0.2.15 plus a second NIC and loopback. */
    private static final String FAKE_IP = """
            #!/bin/sh
            case "$*" in
              "route show default") echo "default via 10.0.2.2 dev ens3 proto dhcp src 10.0.2.15 metric 100" ;;
              "-4 -o addr show") echo '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever'
                echo '2: ens3    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic ens3\\       valid_lft 86313sec'
                echo '3: ens4    inet 192.168.77.7/24 brd 192.168.77.255 scope global ens4\\       valid_lft forever' ;;
              "-4 -o addr show dev "*) echo "2: $6    inet 10.0.2.15/24 brd 10.0.2.255 scope global $6\\\\       valid_lft 86313sec" ;;
              *) exit 1 ;;
            esac
            """;
    /** Everything the tracker calls, so a PATH of wrappers for these has no curl. */
    private static final List<String> TRACKER_TOOLS = List.of(
            "sed", "tr", "grep", "head", "cat", "date", "hostname", "uname", "sleep", "timeout");

    @TempDir
    Path root;
    @TempDir
    Path work;
    private FakeDroverServer server;
    private Path tracker;
    private Path config;
    private Path fakeIpDir;
    private String dash;

    @BeforeEach
    void install() throws IOException {
        server = FakeDroverServer.start();
        dash = ScriptRunner.shells().findFirst().orElseThrow().get(0);
        Path script = work.resolve("install.sh");
        Files.writeString(script, InstallScriptTemplate.render("http://127.0.0.1:" + server.port(), TOKEN));
        Files.createDirectories(root.resolve("usr/local/bin"));
        ScriptRunner.Result result = ScriptRunner.run(List.of(dash), script, List.of("--interval", "1"),
                Map.of("DROVER_ROOT", root.toString(), "DROVER_NO_START", "1"), work);
        assertThat(result.exitCode()).as(result.output()).isZero();
        tracker = root.resolve("usr/local/bin/drover-tracker-sh");
        config = root.resolve("etc/drover-tracker.conf");
        fakeIpDir = Files.createDirectory(work.resolve("fake-ip"));
        executable(fakeIpDir.resolve("ip"), FAKE_IP);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void postsHeartbeatWithCurl() throws IOException {
        requireTool("curl");
        ScriptRunner.Result result = once(List.of(dash), fakeIpDir + ":" + System.getenv("PATH"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stderr()).contains("registered with http://127.0.0.1:" + server.port());
        assertHeartbeat("ens3");
    }

    @Test
    void postsHeartbeatWithGnuWget() throws IOException {
        Path wget = requireTool("wget");
        ScriptRunner.Result result = once(List.of(dash), toolsPath(wget));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertHeartbeat("ens3");
    }

    @Test
    void postsHeartbeatWithBusyboxWget() throws IOException {
        ScriptRunner.Result result = once(List.of(dash), toolsPath(Path.of("/bin/busybox")));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertHeartbeat("ens3");
    }

    @Test
    void escapesStringsForJson() throws IOException {
        // A hand-edited config may hold anything; the body must stay valid JSON.
        Files.writeString(config, Files.readString(config) + "DROVER_INTERFACE='we\"ird\\\tif'\n");
        ScriptRunner.Result result = once(List.of(dash), fakeIpDir + ":" + System.getenv("PATH"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertHeartbeat("we\"ird\\if");
    }

    @Test
    void sendsNoAuthorizationWithoutToken() throws IOException {
        Files.writeString(config, Files.readString(config) + "DROVER_TOKEN=''\n");
        assertThat(once(List.of(dash), fakeIpDir + ":" + System.getenv("PATH")).exitCode()).isZero();
        assertThat(server.registrations()).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isNull());
    }

    @ParameterizedTest
    @MethodSource("io.drover.e2e.guest.ScriptRunner#shells")
    void sendsNothingWithoutAnIpv4Address(List<String> shell) throws IOException {
        Files.writeString(config, Files.readString(config) + "DROVER_INTERFACE='lo'\n");
        ScriptRunner.Result result = once(shell, System.getenv("PATH"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("no IPv4 address on lo; not sending");
        assertThat(server.registrations()).isEmpty();
    }

    @Test
    void logsFailuresAndKeepsGoing() throws IOException {
        Files.writeString(config, Files.readString(config) + "DROVER_URL='http://127.0.0.1:1'\n");
        ScriptRunner.Result result = once(List.of(dash), fakeIpDir + ":" + System.getenv("PATH"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("heartbeat to http://127.0.0.1:1 failed:");
    }

    /**
     * A guest whose hostname was never set: the kernel and busybox hostname say "(none)", which
     * the server refuses. Run in new UTS and mount namespaces, where the kernel's hostname is
     * "(none)" and /etc/hostname is replaced, so the tracker falls back as the JDK tracker does.
     */
    @ParameterizedTest
    @MethodSource("io.drover.e2e.guest.ScriptRunner#shells")
    void aMachineWithoutHostnameRegistersUnderAFallbackName(List<String> shell) throws IOException {
        Path etcHostname = Files.writeString(work.resolve("etc-hostname"), "");
        ScriptRunner.Result result = onceWithoutHostname(shell, etcHostname);
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode body = JSON.readTree(server.registrations().get(0).body());
        // machine-UUID when the SMBIOS UUID is readable (a VM), else ip-A-B-C-D.
        String expected = body.has("uuid") ? "machine-" + body.path("uuid").asText()
                : "ip-" + body.path("ip_address").asText().replace('.', '-');
        assertThat(body.path("hostname").asText()).isEqualTo(expected);
        assertThat(result.stderr()).contains("as " + expected + " (");

        // /etc/hostname comes before the made-up name; comments and blanks in it are skipped.
        Files.writeString(etcHostname, "# written by the image builder\n\n  web-7  \n");
        result = onceWithoutHostname(shell, etcHostname);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(JSON.readTree(server.registrations().get(1).body()).path("hostname").asText()).isEqualTo("web-7");
    }

    @Test
    void logsWhyTheServerRefusedTheHeartbeatWithCurl() throws IOException {
        requireTool("curl");
        refuseWith400();
        ScriptRunner.Result result = once(List.of(dash), fakeIpDir + ":" + System.getenv("PATH"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("heartbeat to http://127.0.0.1:" + server.port()
                + " refused (HTTP 400): hostname may only contain letters, digits, '.', '-' and '_'");

        server.answerRegistrations(500, "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
                + "\"status\":500,\"detail\":\"database \\\"main\\\" is down\"}");
        result = once(List.of(dash), fakeIpDir + ":" + System.getenv("PATH"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("failed (HTTP 500): database \"main\" is down");
    }

    @Test
    void logsWhyTheServerRefusedTheHeartbeatWithGnuWget() throws IOException {
        Path wget = requireTool("wget");
        refuseWith400();
        ScriptRunner.Result result = once(List.of(dash), toolsPath(wget));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(
                "refused (HTTP 400): hostname may only contain letters, digits, '.', '-' and '_'");
    }

    @Test
    void logsTheStatusOfARefusalWithBusyboxWget() throws IOException {
        // busybox wget drops the body of an error answer: the status line is all there is.
        refuseWith400();
        ScriptRunner.Result result = once(List.of(dash), toolsPath(Path.of("/bin/busybox")));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsPattern("refused \\(HTTP 400\\): .*HTTP/1\\.[01] 400 Bad Request");
    }

    @ParameterizedTest
    @MethodSource("io.drover.e2e.guest.ScriptRunner#shells")
    void loopsAtTheIntervalAndStopsOnSigterm(List<String> shell) throws Exception {
        List<String> command = new ArrayList<>(shell);
        command.add(tracker.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("loop.log").toFile());
        builder.environment().put("DROVER_CONFIG", config.toString());
        builder.environment().put("PATH", fakeIpDir + ":" + System.getenv("PATH"));
        Process process = builder.start();
        try {
            if (shell.size() == 1) {
                // dash uses the fake ip: real heartbeats every second.
                await().atMost(Duration.ofSeconds(20)).until(() -> server.registrations().size() >= 3);
            } else {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.readString(work.resolve("loop.log")).contains("started: every 1s"));
                Thread.sleep(1500);
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s of SIGTERM").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readString(work.resolve("loop.log"))).contains("stopping");
        } finally {
            process.destroyForcibly();
        }
    }

    private ScriptRunner.Result once(List<String> shell, String path) {
        Map<String, String> env = new HashMap<>();
        env.put("DROVER_CONFIG", config.toString());
        env.put("PATH", path);
        return ScriptRunner.run(shell, tracker, List.of("--once"), env, work);
    }

    /**
     * The tracker once, in new UTS and mount namespaces (private to it) where the kernel's
     * hostname is "(none)" and {@code etcHostname} is bind-mounted over /etc/hostname.
     */
    private ScriptRunner.Result onceWithoutHostname(List<String> shell, Path etcHostname) {
        Path unshare = requireTool("unshare");
        List<String> command = new ArrayList<>(List.of(unshare.toString()));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("--user", "--map-root-user"));
        }
        command.addAll(List.of("--uts", "--mount", dash, "-c",
                "printf '(none)' >/proc/sys/kernel/hostname && [ \"$(cat /proc/sys/kernel/hostname)\" = '(none)' ]"
                        + " && { [ ! -e /etc/hostname ] || mount --bind \"$0\" /etc/hostname; } && exec \"$@\"",
                etcHostname.toString()));
        command.addAll(shell);
        command.addAll(List.of(tracker.toString(), "--once"));
        Map<String, String> env = new HashMap<>();
        env.put("DROVER_CONFIG", config.toString());
        env.put("PATH", fakeIpDir + ":" + System.getenv("PATH"));
        return ScriptRunner.run(command, env, work);
    }

    private void refuseWith400() {
        server.answerRegistrations(400,
                "{\"status\":\"error\",\"message\":\"hostname may only contain letters, digits, '.', '-' and '_'\"}");
    }

    private void assertHeartbeat(String expectedInterface) throws IOException {
        assertThat(server.registrations()).hasSize(1);
        FakeDroverServer.Registration registration = server.registrations().get(0);
        assertThat(registration.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(registration.contentType()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(registration.body());
        assertThat(body.path("hostname").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        assertThat(body.path("ip_address").asText()).isEqualTo("10.0.2.15");
        assertThat(body.path("interface").asText()).isEqualTo(expectedInterface);
        assertThat(body.path("interval_seconds").asInt()).isEqualTo(1);
        assertThat(body.path("ip_addresses").toString()).isEqualTo("[\"10.0.2.15\",\"192.168.77.7\"]");
        assertThat(body.path("os").asText()).isNotBlank();
        assertThat(body.path("agent_version").asText()).isEqualTo("sh-0.1");
        Path dmi = Path.of("/sys/class/dmi/id/product_uuid");
        if (Files.isReadable(dmi)) {
            assertThat(body.path("uuid").asText()).isEqualToIgnoringCase(Files.readString(dmi).strip());
        } else {
            assertThat(body.has("uuid")).isFalse();
        }
    }

    /** A PATH with the fake ip, {@code wget} running {@code wget} (a path), the other tools, and no curl. */
    private String toolsPath(Path wget) throws IOException {
        Path tools = Files.createDirectory(work.resolve("tools"));
        String applet = wget.getFileName().toString().equals("busybox") ? " wget" : "";
        executable(tools.resolve("wget"), "#!/bin/sh\nexec " + wget + applet + " \"$@\"\n");
        for (String tool : TRACKER_TOOLS) {
            executable(tools.resolve(tool), "#!/bin/sh\nexec " + requireTool(tool) + " \"$@\"\n");
        }
        return fakeIpDir + ":" + tools;
    }

    private static Path requireTool(String name) {
        Path path = Commands.findExecutable(name);
        assertThat(path).as(name + " must be installed for this test").isNotNull();
        return path;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
