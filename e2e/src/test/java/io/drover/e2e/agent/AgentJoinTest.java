package io.drover.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.AdminLogin;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real drover-agent process joining a real server on loopback with a one-time token. */
class AgentJoinTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    DroverServer server;
    String adminToken;
    final List<Process> agents = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = DroverServer.start(ServerConfig.defaults(tmp.resolve("server")).withBind("127.0.0.1").withPort(0));
        adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
    }

    @AfterEach
    void stop() {
        agents.forEach(Process::destroyForcibly);
        server.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        // Reads on the server need a signed-in user; the agent's info endpoint gets no credential.
        if (url.startsWith(url("/"))) b.header("Authorization", "Bearer " + adminToken);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String newJoinToken() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/hosts/join-tokens")))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("token").asText();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process agent(Path dataDir, Path log, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.agent.Main",
                "--server", url(""), "--data-dir", dataDir.toString(), "--name", "kvm-test"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        Process p = pb.start();
        agents.add(p);
        return p;
    }

    @Test
    void joinsOnceServesItsInfoAndRejoinsNeverWithTheStoredCredential() throws Exception {
        String token = newJoinToken();
        int port = freePort();
        Path data = tmp.resolve("agent");
        Path log = tmp.resolve("agent.log");
        Process agent = agent(data, log, "--join-token", token, "--listen", "127.0.0.1:" + port);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("serving on port"));
        JsonNode hosts = JSON.readTree(get(url("/api/v1/hosts")).body()).get("items");
        assertThat(hosts).hasSize(1);
        String hostId = hosts.get(0).get("id").asText();
        assertThat(hosts.get(0).get("name").asText()).isEqualTo("kvm-test");

        JsonNode info = JSON.readTree(get("http://127.0.0.1:" + port + "/v1/info").body());
        assertThat(info.get("agent").asText()).isEqualTo("drover-agent");
        assertThat(info.get("host_id").asText()).isEqualTo(hostId);
        assertThat(info.get("facts").get("cpus").asInt()).isPositive();
        assertThat(info.get("hypervisor").get("libvirt_version").asText()).as(info.toString()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(get("http://127.0.0.1:" + port + "/metrics").body()).contains("drover_agent_up 1", "drover_host_cpus");
        assertThat(get("http://127.0.0.1:" + port + "/healthz").statusCode()).isEqualTo(200);
        assertThat(Files.readString(log)).doesNotContain("dhc_"); // the credential is never logged

        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as("the JVM's status after SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log)).contains("stopping");

        // Restarted without a token: it uses the stored credential; no second host appears.
        Path log2 = tmp.resolve("agent2.log");
        agent(data, log2, "--listen", "127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log2).contains("serving on port"));
        assertThat(Files.readString(log2)).contains("using the stored credential of host " + hostId);
        assertThat(JSON.readTree(get(url("/api/v1/hosts")).body()).get("items")).hasSize(1);
    }

    @Test
    void aReusedTokenOrNoTokenIsAClearRefusal() throws Exception {
        String token = newJoinToken();
        Process first = agent(tmp.resolve("a"), tmp.resolve("a.log"), "--join-token", token, "--listen", "127.0.0.1:0");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(tmp.resolve("a.log")).contains("serving on port"));

        Process reuse = agent(tmp.resolve("b"), tmp.resolve("b.log"), "--join-token", token, "--listen", "127.0.0.1:0");
        assertThat(reuse.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(reuse.exitValue()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("b.log"))).contains("refused", "already used");
        assertThat(Files.exists(tmp.resolve("b").resolve("credentials.json"))).isFalse();

        Process none = agent(tmp.resolve("c"), tmp.resolve("c.log"), "--listen", "127.0.0.1:0");
        assertThat(none.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(none.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("c.log"))).contains("has not joined yet", "--join-token");
        first.destroy();
    }

    JsonNode host(String id) throws Exception {
        return JSON.readTree(get(url("/api/v1/hosts/" + id)).body());
    }

    @Test
    void heartbeatsOverItsLinkKeepTheHostOnlineAndSilenceMakesItSuspectThenOffline() throws Exception {
        Path log = tmp.resolve("agent.log");
        Process agent = agent(tmp.resolve("agent"), log, "--join-token", newJoinToken(), "--listen", "127.0.0.1:0",
                "--heartbeat", "0.5");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("linked to"));
        String id = JSON.readTree(get(url("/api/v1/hosts")).body()).get("items").get(0).get("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> host(id).get("status").asText().equals("online"));
        assertThat(host(id).get("last_heartbeat").asText()).isNotBlank();

        agent.destroyForcibly(); // SIGKILL: no goodbye, the heartbeats just stop
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> host(id).get("status").asText().equals("suspect"));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        await().atMost(Duration.ofSeconds(5)).until(() -> host(id).get("status").asText().equals("offline"));
        // Each change of status is an event.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            String events = get(url("/api/v1/events?type=host_status&hostname=kvm-test")).body();
            return events.contains("online -> suspect") && events.contains("suspect -> offline");
        });

        Path log2 = tmp.resolve("agent2.log");
        agent(tmp.resolve("agent"), log2, "--listen", "127.0.0.1:0", "--heartbeat", "0.5");
        await().atMost(Duration.ofSeconds(30)).until(() -> host(id).get("status").asText().equals("online"));
    }

    @Test
    void aWrongCredentialIsRefusedOnTheLink() throws Exception {
        Path data = tmp.resolve("agent");
        Path log = tmp.resolve("agent.log");
        Process agent = agent(data, log, "--join-token", newJoinToken(), "--listen", "127.0.0.1:0");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("linked to"));
        agent.destroy();
        assertThat(agent.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Path credentials = data.resolve("credentials.json");
        Files.writeString(credentials, Files.readString(credentials).replaceAll("dhc_[A-Za-z0-9_-]+", "dhc_forged"));

        Path log2 = tmp.resolve("agent2.log");
        agent(data, log2, "--listen", "127.0.0.1:0");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log2).contains("the host credential is not valid"));
        assertThat(Files.readString(log2)).doesNotContain("linked to");
    }
}
