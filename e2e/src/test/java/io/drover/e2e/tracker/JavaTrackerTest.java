package io.drover.e2e.tracker;

import io.drover.e2e.AdminLogin;
import io.drover.server.tls.TlsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real drover-tracker process against a real server on loopback. */
class JavaTrackerTest {
    static final HttpClient HTTP = AdminLogin.loopbackHttps();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    DroverServer server;
    String adminToken;
    Process tracker;

    @BeforeEach
    void startServer() {
        server = DroverServer.start(ServerConfig.defaults(tmp.resolve("data")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)));
        adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
    }

    @AfterEach
    void stop() {
        if (tracker != null) tracker.destroyForcibly();
        server.close();
    }

    JsonNode machine(String hostname) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/api/v1/machines/" + hostname))
                        .header("Authorization", "Bearer " + adminToken).build(), // reads need a signed-in user
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    @Test
    void registersKeepsHeartbeatingAndStopsOnSigterm() throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        Path log = tmp.resolve("tracker.log");
        tracker = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.tracker.Main",
                "-api", "http://127.0.0.1:" + server.httpPort(), "-interval", "1s", "-verbose"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        await().atMost(Duration.ofSeconds(20)).until(() -> machine(hostname) != null);
        JsonNode first = machine(hostname);
        assertThat(first.get("status").asText()).isEqualTo("online");
        assertThat(first.get("interval_seconds").asInt()).isEqualTo(1);
        assertThat(first.get("ip_address").asText()).doesNotStartWith("127.");
        assertThat(first.get("agent_version").asText()).isNotBlank();
        Instant firstSeen = Instant.parse(first.get("last_seen").asText());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Instant.parse(machine(hostname).get("last_seen").asText()).isAfter(firstSeen.plusMillis(1500)));

        long before = System.nanoTime();
        tracker.destroy(); // SIGTERM
        assertThat(tracker.waitFor(2, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        assertThat(tracker.exitValue()).isZero();
    }
}
