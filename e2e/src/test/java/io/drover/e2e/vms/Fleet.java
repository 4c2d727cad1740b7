package io.drover.e2e.vms;

import io.drover.server.tls.TlsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.guest.CloudImage;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import java.io.IOException;
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
import java.util.function.UnaryOperator;

/**
 * A Drover server and its agents for one test: the server's API on 127.0.0.1 (whatever runs
 * it; the test talks HTTPS to it, agents HTTPS too with the pinned fingerprint, guests' trackers plain HTTP to its --http-port), agents as real {@code drover-agent} processes on qemu:///system with TCG guests, and
 * {@code virsh} to look behind Drover's back. Everything stays on loopback.
 */
final class Fleet implements AutoCloseable {
    static final HttpClient HTTP = AdminLogin.loopbackHttps();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SYSTEM = "qemu:///system";

    private final Path dir;
    private final List<Process> agents = new ArrayList<>();
    /** Every VM this fleet created: their domains are removed when it closes, whatever the test did. */
    private final List<String> vms = new ArrayList<>();
    private DroverServer inProcess;
    String baseUrl;
    String adminToken;
    /** The HTTPS URL agents link to, and the server certificate's fingerprint they pin. */
    String agentUrl;
    String fingerprint;

    /** The libvirt the fleet's agents use: the host's, or the network lab's (scripts/netlab.sh). */
    final String libvirtUri;

    Fleet(Path dir) throws IOException {
        this(dir, SYSTEM);
    }

    Fleet(Path dir, String libvirtUri) throws IOException {
        this.dir = dir;
        this.libvirtUri = libvirtUri;
        // QEMU runs as libvirt-qemu under qemu:///system: it must be able to reach the agent's files.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    void server(String baseUrl, String adminToken, String agentUrl, String fingerprint) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
        this.agentUrl = agentUrl;
        this.fingerprint = fingerprint;
    }

    /** Starts a server in this JVM on 127.0.0.1 with its data under the fleet's dir. */
    DroverServer startServer(UnaryOperator<ServerConfig> tweak) {
        inProcess = DroverServer.start(tweak.apply(ServerConfig.defaults(dir.resolve("server")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0))));
        server("https://127.0.0.1:" + inProcess.port(), AdminLogin.firstAdminToken(inProcess.port(), inProcess.initialAdminPassword()),
                "https://127.0.0.1:" + inProcess.port(), inProcess.fingerprint());
        return inProcess;
    }

    /** Uploads the test guests' base image, {@link CloudImage}, as {@code cloud}. */
    void registerCloudImage() throws Exception {
        upload("cloud", CloudImage.forHost().build());
    }

    /**
     * Uploads {@code file} as the image {@code name} (201 expected). Uploads, not registration by
     * path: that needs the server's --image-dir, and the server may be another process.
     */
    JsonNode upload(String name, Path file) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/images?name=" + name)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("upload " + name + ": " + r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> send(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        // Reads need a signed-in user as well, so every call carries the admin's API token;
        // "admin" only says that the call changes state.
        if (adminToken != null) b.header("Authorization", "Bearer " + adminToken);
        if (body != null) b.header("Content-Type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null, true); // reads need a signed-in user
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode post(String path, String body, int status) throws Exception {
        HttpResponse<String> r = send("POST", path, body, true);
        assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    JsonNode delete(String path, int status) throws Exception {
        HttpResponse<String> r = send("DELETE", path, null, true);
        assertThat(r.statusCode()).as("DELETE " + path + ": " + r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    /** {@code POST /api/v1/vms} (202 expected); the VM's domain is removed when the fleet closes. */
    JsonNode createVm(String body) throws Exception {
        JsonNode accepted = post("/api/v1/vms", body, 202);
        vms.add(accepted.get("vm").get("id").asText());
        return accepted;
    }

    /** Joins a new agent process on qemu:///system; returns its host id once it is online with its facts. */
    String startAgent(String name, Path dataDir, Path log) throws Exception {
        return startAgent(name, dataDir, log, null);
    }

    /**
     * As {@link #startAgent(String, Path, Path)}, with a join token that dedicates the host to
     * {@code project} (null: shared) and {@code extra} arguments.
     */
    String startAgent(String name, Path dataDir, Path log, String project, String... extra) throws Exception {
        String token = post("/api/v1/hosts/join-tokens", project == null ? null : "{\"project\":\"" + project + "\"}", 201)
                .get("token").asText();
        List<String> args = new ArrayList<>(List.of("--name", name, "--join-token", token));
        args.addAll(List.of(extra));
        agent(dataDir, log, args.toArray(String[]::new));
        return awaitHost(name);
    }

    /** Starts (again) the agent of {@code dataDir}, which has joined before. */
    Process agent(Path dataDir, Path log, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server", agentUrl, "--server-fingerprint", fingerprint));
        args.addAll(List.of(extra));
        return agentProcess(args, dataDir, log);
    }

    /**
     * An agent started with {@code args} (as an operator copies them from the console's join
     * instructions) and what every test agent has: its data dir, TCG, an info port on loopback,
     * 1 s heartbeats.
     */
    Process agentProcess(List<String> args, Path dataDir, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.agent.Main"));
        cmd.addAll(args);
        cmd.addAll(List.of("--data-dir", dataDir.toString(), "--accel", "tcg", "--listen", "127.0.0.1:0", "--heartbeat", "1",
                "--libvirt-uri", libvirtUri));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        Process p = pb.start();
        agents.add(p);
        return p;
    }

    String awaitHost(String name) throws Exception {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode h : get("/api/v1/hosts").get("items")) {
                if (h.get("name").asText().equals(name) && h.get("status").asText().equals("online") && h.has("capacity")) {
                    id[0] = h.get("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    JsonNode awaitTask(String taskId, Duration timeout) throws Exception {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> !get("/api/v1/tasks/" + taskId).get("status").asText().matches("pending|running"));
        return get("/api/v1/tasks/" + taskId);
    }

    JsonNode awaitSucceeded(JsonNode accepted, Duration timeout) throws Exception {
        JsonNode task = awaitTask(accepted.get("task").get("id").asText(), timeout);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("succeeded");
        return task;
    }

    /**
     * Creates VM {@code name} (1 vCPU, 192 MiB, 1 GiB, the cloud image) and waits until its guest
     * has booted: its serial log, under the agent's {@code agentData}, says so. Returns its id.
     */
    String bootVm(String name, Path agentData) throws Exception {
        JsonNode accepted = createVm("{\"name\":\"" + name + "\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\"}");
        String id = accepted.get("vm").get("id").asText();
        awaitSucceeded(accepted, Duration.ofSeconds(120));
        Path log = agentData.resolve("vms").resolve(id).resolve("console.log");
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(log) && Files.readString(log).contains("boot finished"));
        return id;
    }

    void awaitVmStatus(String vm, String status, Duration timeout) throws Exception {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/v1/vms/" + vm).get("status").asText().equals(status));
    }

    static String virsh(String... args) throws Exception {
        return virshAt(SYSTEM, args);
    }

    /** virsh on this libvirt; its output, or ERROR(status) and the output when it failed. */
    static String virshAt(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", uri));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out : "ERROR(" + p.exitValue() + "): " + out;
    }

    /** Stops every agent (SIGTERM, then SIGKILL after 10 s); their VMs keep running. */
    void stopAgents() {
        for (Process p : agents) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the agents and the in-process server, and removes every domain this fleet's VMs had. */
    @Override
    public void close() throws Exception {
        stopAgents();
        if (inProcess != null) inProcess.close();
        for (String uuid : vms) {
            virshAt(libvirtUri, "destroy", uuid);
            virshAt(libvirtUri, "undefine", uuid);
        }
    }
}
