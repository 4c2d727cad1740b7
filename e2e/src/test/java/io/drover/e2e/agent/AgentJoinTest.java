package io.drover.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.tls.HostCertificate;
import io.drover.e2e.AdminLogin;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tls.TlsSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real drover-agent process joining a real server on loopback with a one-time token and a
 * CSR over HTTPS (pinning the server's self-signed certificate), then linking with its client
 * certificate: restarts, refusals, removal and renewal. The test itself talks HTTPS to the
 * server's API (and plain HTTP to the agent's own endpoints).
 */
class AgentJoinTest {
    static final HttpClient HTTP = AdminLogin.loopbackHttps();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    DroverServer server;
    String adminToken;
    final List<Process> agents = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        // QEMU runs as libvirt-qemu under qemu:///system: an agent refuses a data dir it cannot reach.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        startServer(TlsSettings.defaults().withHttpPort(0));
    }

    void startServer(TlsSettings tls) {
        if (server != null) server.close();
        server = DroverServer.start(ServerConfig.defaults(tmp.resolve("server")).withBind("127.0.0.1").withPort(0).withTls(tls));
        // The first start signs in as the admin it made; a restart keeps the token.
        if (server.initialAdminPassword().isPresent()) adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
    }

    @AfterEach
    void stop() {
        agents.forEach(Process::destroyForcibly);
        server.close();
    }

    String url(String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    String agentUrl() {
        return "https://127.0.0.1:" + server.port();
    }

    /** A GET as the admin (reads need a signed-in user; the agent's own endpoints ignore the header). */
    HttpResponse<String> get(String url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        // Reads on the server need a signed-in user; the agent's info endpoint gets no credential.
        if (url.startsWith(url("/"))) b.header("Authorization", "Bearer " + adminToken);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String newJoinToken() throws Exception {
        return joinTokenReply().get("token").asText();
    }

    JsonNode joinTokenReply() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/hosts/join-tokens")))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An agent process for the server's HTTPS port; it pins the server's fingerprint when joining ({@code extra} may give another). */
    Process agent(Path dataDir, Path log, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.agent.Main",
                "--server", agentUrl(), "--data-dir", dataDir.toString(), "--name", "kvm-test"));
        if (List.of(extra).contains("--join-token") && !List.of(extra).contains("--server-fingerprint")) {
            cmd.addAll(List.of("--server-fingerprint", server.fingerprint()));
        }
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        Process p = pb.start();
        agents.add(p);
        return p;
    }

    @Test
    void joinsOnceServesItsInfoAndRejoinsNeverWithTheStoredCertificate() throws Exception {
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

        // Issue 10, finding 13: the unauthenticated info endpoint says who the agent is, for discovery, and nothing
        // else (it showed the certificate's serial, the libvirt URI, facts and error texts).
        HttpResponse<String> infoReply = get("http://127.0.0.1:" + port + "/v1/info");
        JsonNode info = JSON.readTree(infoReply.body());
        assertThat(info.get("agent").asText()).isEqualTo("drover-agent");
        assertThat(info.get("host_id").asText()).isEqualTo(hostId);
        assertThat(info.get("hostname").asText()).isEqualTo("kvm-test");
        assertThat(info.get("version").asText()).isNotBlank();
        assertThat(info.fieldNames()).toIterable().containsExactly("agent", "version", "hostname", "host_id");
        assertThat(infoReply.body()).doesNotContain("qemu:///", "serial", data.toString(), "error");
        // What it showed for diagnosis is in the server's host view and the agent's log.
        await().atMost(Duration.ofSeconds(30)).until(() -> host(hostId).path("capacity").path("cpus").asInt() > 0);
        assertThat(host(hostId).get("facts").get("libvirt_version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log)
                .contains("client certificate " + HostCertificate.load(data).orElseThrow().serial() + " is valid until"));
        assertThat(get("http://127.0.0.1:" + port + "/metrics").body()).contains("drover_agent_up 1", "drover_host_cpus");
        assertThat(get("http://127.0.0.1:" + port + "/healthz").statusCode()).isEqualTo(200);
        assertThat(Files.readString(log)).doesNotContain("PRIVATE KEY"); // the key is never logged
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("host.pem")))).isEqualTo("rw-------");
        assertThat(Files.readString(data.resolve("host.pem"))).contains("BEGIN PRIVATE KEY", "BEGIN CERTIFICATE");
        assertThat(JSON.readTree(data.resolve("credentials.json").toFile()).get("server_fingerprint").asText()).isEqualTo(server.fingerprint());

        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as("the JVM's status after SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log)).contains("stopping");

        // Restarted without a token or fingerprint: it uses the stored certificate and pin; no second host appears.
        Path log2 = tmp.resolve("agent2.log");
        agent(data, log2, "--listen", "127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log2).contains("linked to"));
        assertThat(Files.readString(log2)).contains("using the stored certificate of host " + hostId);
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

        // A server that is not the pinned one: refused before the token is even sent.
        Process impostor = agent(tmp.resolve("d"), tmp.resolve("d.log"), "--join-token", newJoinToken(), "--listen", "127.0.0.1:0",
                "--server-fingerprint", "sha256:" + "0".repeat(64));
        assertThat(impostor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(impostor.exitValue()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("d.log"))).contains("refused", "not the pinned one");
        assertThat(Files.exists(tmp.resolve("d").resolve("credentials.json"))).isFalse();

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
    void aRemovedHostsLinkIsDroppedAtOnceAndItsAgentCannotLinkAgain() throws Exception {
        Path data = tmp.resolve("agent");
        Path log = tmp.resolve("agent.log");
        agent(data, log, "--join-token", newJoinToken(), "--listen", "127.0.0.1:0");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("linked to"));
        String id = JSON.readTree(get(url("/api/v1/hosts")).body()).get("items").get(0).get("id").asText();

        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/hosts/" + id)))
                .header("Authorization", "Bearer " + adminToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        // At once: not at the next heartbeat or liveness check. 5 s leaves room for a loaded 2-core
        // machine (2 s failed once in a full run, where the suite's browsers and guests share the cores).
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("closed 4001: this host was removed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("refused the link: HTTP 401"));
        assertThat(Files.readString(log).split("linked to", -1)).as("linked once, never again").hasSize(2);
        assertThat(JSON.readTree(get(url("/api/v1/hosts")).body()).get("items")).isEmpty();
    }

    @Test
    void theJoinInstructionsAreACommandThatWorks() throws Exception {
        JsonNode reply = joinTokenReply();
        String command = reply.get("command").asText();
        assertThat(command).startsWith("drover-agent --server " + agentUrl() + " --server-fingerprint " + server.fingerprint());
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        words.remove(0);
        words.addAll(List.of("--listen", "127.0.0.1:0"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.agent.Main", "--data-dir", tmp.resolve("pasted").toString(),
                "--name", "pasted"));
        cmd.addAll(words);
        Path log = tmp.resolve("pasted.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        agents.add(pb.start());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("linked to"));
    }

    @Test
    void itRenewsItsCertificateBeforeItExpiresWithoutARestart() throws Exception {
        // 30 s certificates: renewed about every 20 s; a link still on an expired one would be closed (4003).
        startServer(TlsSettings.defaults().withHttpPort(0).withAgentCertificateLifetime(Duration.ofSeconds(30)));
        int port = freePort();
        Path data = tmp.resolve("agent");
        Path log = tmp.resolve("agent.log");
        Process agent = agent(data, log, "--join-token", newJoinToken(), "--listen", "127.0.0.1:" + port, "--heartbeat", "0.5");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("linked to"));
        long joined = System.nanoTime();
        String firstSerial = HostCertificate.load(data).orElseThrow().serial();
        String firstPem = Files.readString(data.resolve("host.pem"));

        await().atMost(Duration.ofSeconds(40)).until(() -> Files.readString(log).contains("renewed the client certificate"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).split("linked to", -1).length >= 3);
        String renewedSerial = HostCertificate.load(data).orElseThrow().serial();
        assertThat(renewedSerial).isNotEqualTo(firstSerial);
        assertThat(Files.readString(log)).contains(": " + renewedSerial + " is valid until");
        assertThat(Files.readString(data.resolve("host.pem"))).as("a new key and certificate are stored").isNotEqualTo(firstPem);
        assertThat(agent.isAlive()).isTrue();

        // Past the first certificate's end: still linked and online, never closed for an expired certificate.
        long waitMs = 36_000 - Duration.ofNanos(System.nanoTime() - joined).toMillis();
        if (waitMs > 0) Thread.sleep(waitMs);
        String id = JSON.readTree(get(url("/api/v1/hosts")).body()).get("items").get(0).get("id").asText();
        assertThat(host(id).get("status").asText()).isEqualTo("online");
        // As the link logs a close ("closed 4003: …"); a bare 4003 could be part of a fingerprint or serial.
        assertThat(Files.readString(log)).doesNotContain("closed 4003", "refused the link");
        assertThat(agent.isAlive()).isTrue();
    }
}
