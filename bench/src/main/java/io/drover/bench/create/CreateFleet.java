package io.drover.bench.create;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.e2e.AdminLogin;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.placement.PlacementSettings;
import io.drover.server.tls.TlsSettings;
import io.drover.server.vms.VmSettings;
import java.io.IOException;
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

/**
 * One Drover server in this JVM (on 127.0.0.1, a free port, a fresh H2 data dir) and one real
 * {@code drover-agent} process on qemu:///system with TCG guests, for the create benchmarks.
 * Every wait has a timeout; {@link #close()} stops the agent and the server.
 */
final class CreateFleet implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = AdminLogin.loopbackHttps();

    private final Path work;
    private final DroverServer server;
    private final String baseUrl;
    private final String adminToken;
    private Process agent;

    private CreateFleet(Path work, DroverServer server) {
        this.work = work;
        this.server = server;
        this.baseUrl = "https://127.0.0.1:" + server.port(); // the API, as the agent's link, over HTTPS
        // Signs in as the first admin with the password the fresh server made, and acts with an API token.
        this.adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
    }

    /**
     * Starts a server with its data in {@code dir}/server and these placement settings;
     * {@code work} is the benchmark's work dir (agent data dirs under it are opened to QEMU up to it).
     */
    static CreateFleet start(Path work, Path dir, PlacementSettings placement) {
        DroverServer server = DroverServer.start(ServerConfig.defaults(dir.resolve("server")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0))
                .withVms(VmSettings.defaults().withPlacement(placement)));
        return new CreateFleet(work, server);
    }

    /** Registers {@code base} (a qcow2 file on this machine) as image {@code name}. */
    void registerImage(String name, Path base) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("path", base.toString());
        post("/api/v1/images", body.toString(), 201);
    }

    /**
     * Joins a {@code drover-agent} process (this JVM's classpath) with a fresh join token and
     * waits until its host is online with its resources; returns the host id.
     */
    String startAgent(String name, Path dataDir, Path log) throws Exception {
        if (agent != null) throw new IllegalStateException("one agent per fleet");
        String token = post("/api/v1/hosts/join-tokens", null, 201).get("token").asText();
        Files.createDirectories(dataDir);
        CreateFiles.openToQemu(dataDir, work);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.drover.agent.Main",
                "--server", "https://127.0.0.1:" + server.port(), "--server-fingerprint", server.fingerprint(), "--join-token", token, "--name", name, "--data-dir", dataDir.toString(),
                "--accel", "tcg", "--listen", "127.0.0.1:0", "--heartbeat", "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        agent = pb.start();
        Process started = agent;
        // Killed from outside (creates.sh's timeout): the agent process must not outlive us.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-agent"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) throw new IllegalStateException("the agent exited with " + agent.exitValue() + "; see " + log);
            for (JsonNode h : get("/api/v1/hosts").get("items")) {
                if (h.get("name").asText().equals(name) && h.get("status").asText().equals("online") && h.has("capacity")) {
                    return h.get("id").asText();
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the agent's host " + name + " was not online with its resources within 60 s; see " + log);
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + adminToken);
        if (body != null) b.header("Content-Type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        return expect(send("GET", path, null), "GET " + path, 200);
    }

    JsonNode post(String path, String body, int status) throws Exception {
        return expect(send("POST", path, body), "POST " + path, status);
    }

    JsonNode delete(String path, int status) throws Exception {
        return expect(send("DELETE", path, null), "DELETE " + path, status);
    }

    private static JsonNode expect(HttpResponse<String> r, String what, int status) throws IOException {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + " (expected " + status + "): " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /** The body of a small VM create: 1 GiB disk from {@code image}, a fixed SSH key and a tiny user-data script. */
    static String createBody(String name, int cpus, long memoryMib, String image) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("cpus", cpus).put("memory_mib", memoryMib)
                .put("disk_gib", 1).put("image", image).put("user_data", CreateFiles.USER_DATA);
        body.set("ssh_keys", JSON.createArrayNode().add(CreateFiles.SSH_KEY));
        return body.toString();
    }

    /**
     * When libvirt reported the VM's domain started. The first seconds wait on the event alone
     * (no requests that could disturb a measurement); after that the task is checked every
     * second so that a failed create ends the wait at once with the task's error.
     */
    CreateEvents.Started awaitStarted(CreateEvents events, String vmId, String taskId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        CreateEvents.Started s = events.startedWithin(vmId, 5000);
        while (s == null) {
            JsonNode task = get("/api/v1/tasks/" + taskId);
            if (task.get("status").asText().equals("succeeded")) {
                // The agent's start returns after libvirt's STARTED event is sent: it was lost.
                s = events.startedWithin(vmId, 2000);
                if (s != null) return s;
                throw new CreateEvents.Lost("VM " + vmId + " is running but its STARTED event never arrived");
            }
            if (!task.get("status").asText().matches("pending|running")) {
                throw new IllegalStateException("the create of VM " + vmId + " failed: " + task.path("error").asText(task.toString()));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("libvirt did not report VM " + vmId + " started within " + timeout + " (task " + task.get("status").asText()
                        + "; a libvirtd restart loses events)");
            }
            s = events.startedWithin(vmId, 1000);
        }
        return s;
    }

    /** Polls the task every {@code pollMs} until it is no longer pending or running. */
    JsonNode awaitTask(String taskId, Duration timeout, long pollMs) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode task = get("/api/v1/tasks/" + taskId);
            if (!task.get("status").asText().matches("pending|running")) return task;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + taskId + " still " + task.get("status").asText() + " after " + timeout + ": " + task);
            }
            Thread.sleep(pollMs);
        }
    }

    /** Deletes the VM through the API and waits for the delete task to succeed. */
    void deleteVm(String vmId, Duration timeout) throws Exception {
        JsonNode accepted = delete("/api/v1/vms/" + vmId, 202);
        JsonNode task = awaitTask(accepted.get("task").get("id").asText(), timeout, 50);
        if (!"succeeded".equals(task.get("status").asText())) throw new IllegalStateException("deleting VM " + vmId + " failed: " + task);
    }

    /** Sends the delete of a VM; returns the delete task's id. */
    String sendDelete(String vmId) throws Exception {
        return delete("/api/v1/vms/" + vmId, 202).get("task").get("id").asText();
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.destroy();
            try {
                if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                    agent.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.close();
    }
}
