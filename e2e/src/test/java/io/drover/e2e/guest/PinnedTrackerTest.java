package io.drover.e2e.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.AdminLogin;
import java.util.ArrayList;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh over HTTPS from a real server with its self-signed certificate: fetched with the
 * curl line the server's start log gives (its key pin), it carries that pin, and the installed
 * shell tracker reaches exactly that server; a wrong pin, or none, reaches nothing.
 */
class PinnedTrackerTest {
    /** An interface ens3 at 10.0.2.15 whatever this machine has (as in {@link ShellTrackerTest}). */
    private static final String FAKE_IP = """
            #!/bin/sh
            case "$*" in
              "route show default") echo "default via 10.0.2.2 dev ens3" ;;
              "-4 -o addr show") echo '2: ens3    inet 10.0.2.15/24 brd 10.0.2.255 scope global ens3' ;;
              "-4 -o addr show dev "*) echo "2: $6    inet 10.0.2.15/24 brd 10.0.2.255 scope global $6" ;;
              *) exit 1 ;;
            esac
            """;

    @TempDir
    Path root;
    @TempDir
    Path work;
    DroverServer server;
    String dash;
    Path fakeIp;

    @BeforeEach
    void start() throws Exception {
        server = DroverServer.start(ServerConfig.defaults(work.resolve("server")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)));
        dash = ScriptRunner.shells().findFirst().orElseThrow().get(0);
        fakeIp = Files.createDirectory(work.resolve("fake-ip"));
        Files.writeString(fakeIp.resolve("ip"), FAKE_IP);
        Files.setPosixFilePermissions(fakeIp.resolve("ip"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String https() {
        return "https://127.0.0.1:" + server.port();
    }

    ScriptRunner.Result curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-fsS", "-m", "10"));
        cmd.addAll(List.of(args));
        return ScriptRunner.run(cmd, Map.of("PATH", System.getenv("PATH")), work);
    }

    ScriptRunner.Result beat(Path config) {
        return ScriptRunner.run(List.of(dash), root.resolve("usr/local/bin/drover-tracker-sh"), List.of("--once"),
                Map.of("DROVER_CONFIG", config.toString(), "PATH", fakeIp + ":" + System.getenv("PATH")), work);
    }

    @Test
    void theTrackerPinsTheServersKeyAndReachesOnlyThatServer() throws Exception {
        assertThat(server.tlsSelfSigned()).isTrue();
        String pin = server.tlsKeyPin();
        assertThat(pin).matches("sha256//[A-Za-z0-9+/]{43}=");

        // The documented line: -k skips the CA check a self-signed certificate cannot pass; the pin is still enforced.
        ScriptRunner.Result fetched = curl("-k", "--pinnedpubkey", pin, "-o", work.resolve("install.sh").toString(), https() + "/install.sh");
        assertThat(fetched.exitCode()).as(fetched.output()).isZero();
        String other = "sha256//" + "A".repeat(43) + "=";
        assertThat(curl("-k", "--pinnedpubkey", other, "-o", "/dev/null", https() + "/install.sh").exitCode()).isNotZero();
        assertThat(Files.readString(work.resolve("install.sh"))).contains("DROVER_URL='" + https() + "'", "DROVER_PIN='" + pin + "'");

        Files.createDirectories(root.resolve("usr/local/bin"));
        ScriptRunner.Result installed = ScriptRunner.run(List.of(dash), work.resolve("install.sh"), List.of("--interval", "5"),
                Map.of("DROVER_ROOT", root.toString(), "DROVER_NO_START", "1"), work);
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        Path config = root.resolve("etc/drover-tracker.conf");
        assertThat(Files.readString(config)).contains("DROVER_PIN='" + pin + "'");

        ScriptRunner.Result ok = beat(config);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.stderr()).contains("registered with " + https());
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        HttpResponse<String> machine = AdminLogin.loopbackHttps().send(HttpRequest.newBuilder(
                        URI.create(https() + "/api/v1/machines/" + hostname))
                .header("Authorization", "Bearer " + AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(machine.statusCode()).as(machine.body()).isEqualTo(200);
        assertThat(machine.body()).contains("10.0.2.15");

        // Another key's pin: curl refuses the server; no pin: the self-signed certificate is not trusted.
        Path wrong = work.resolve("wrong.conf");
        Files.writeString(wrong, Files.readString(config).replace(pin, other));
        ScriptRunner.Result refused = beat(wrong);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("heartbeat to " + https() + " failed");
        Path none = work.resolve("none.conf");
        Files.writeString(none, Files.readString(config).replace(pin, ""));
        assertThat(beat(none).exitCode()).isNotZero();

        // A pin that is not base64 never reaches curl's command line.
        ScriptRunner.Result bad = ScriptRunner.run(List.of(dash), work.resolve("install.sh"), List.of("--pin", "sha256//x y;rm"),
                Map.of("DROVER_ROOT", root.toString(), "DROVER_NO_START", "1"), work);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("not a key pin");
    }

    @Test
    void theInstallLineOfAProjectsRegistrationTokenPutsTheMachineInThatProject() throws Exception {
        String admin = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
        HttpClient client = AdminLogin.loopbackHttps();
        String api = https();
        HttpResponse<String> project = client.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/projects"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"shop\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(project.statusCode()).as(project.body()).isEqualTo(201);
        // Asked over HTTPS (with curl and the pin, as an operator would), the install line carries the pin.
        ScriptRunner.Result made = curl("-k", "--pinnedpubkey", server.tlsKeyPin(), "-H", "Authorization: Bearer " + admin,
                "-d", "{\"name\":\"racks\"}", https() + "/api/v1/projects/shop/registration-tokens");
        assertThat(made.exitCode()).as(made.output()).isZero();
        JsonNode token = new ObjectMapper().readTree(made.stdout());
        String line = token.get("install_command").asText();
        assertThat(line).contains("--pinnedpubkey '" + server.tlsKeyPin() + "'", https() + "/install.sh?token=" + token.get("token").asText());

        Files.createDirectories(root.resolve("usr/local/bin"));
        ScriptRunner.Result installed = ScriptRunner.run(List.of(dash, "-c", line), Map.of("DROVER_ROOT", root.toString(),
                "DROVER_NO_START", "1", "PATH", System.getenv("PATH")), work);
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        ScriptRunner.Result ok = beat(root.resolve("etc/drover-tracker.conf"));
        assertThat(ok.exitCode()).as(ok.output()).isZero();

        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        HttpResponse<String> machine = client.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/machines/" + hostname))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(machine.statusCode()).as(machine.body()).isEqualTo(200);
        assertThat(machine.body()).contains("\"project\":\"shop\"");
    }
}
