package io.drover.e2e.vms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.e2e.AdminLogin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drover stays true when its parts die: the server killed with SIGKILL in the middle of a create
 * resumes the task and converges with the agent with nothing orphaned; an agent killed while its
 * VM runs makes the VM unknown (never stopped) and then running again; a libvirtd restart loses
 * no VM and no events. The server runs as its own process here so it can be killed.
 */
class VmResilienceTest {
    @TempDir
    Path tmp;
    Fleet fleet;
    Process server;
    int port;
    int httpsPort;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(tmp);
        port = Fleet.freePort();
        httpsPort = Fleet.freePort();
        String token = startServer(tmp.resolve("server.log"));
        Matcher fp = Pattern.compile("TLS certificate fingerprint (sha256:[0-9a-f]{64})").matcher(Files.readString(tmp.resolve("server.log")));
        assertThat(fp.find()).isTrue();
        fleet.server("https://127.0.0.1:" + httpsPort, token, "https://127.0.0.1:" + httpsPort, fp.group(1));
        fleet.registerCloudImage();
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
        if (server != null) server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the server process (HTTPS on {@link #httpsPort}, plain HTTP on {@link #port}); at its first start, signs in as the admin it logs and returns an API token (else null). */
    String startServer(Path log) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.server.Main",
                "--bind", "127.0.0.1", "--port", Integer.toString(httpsPort), "--http-port", Integer.toString(port), "--data-dir", tmp.resolve("server-data").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        server = pb.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("listening on"));
        String password = AdminLogin.passwordFromLog(Files.readString(log));
        return password == null ? null : AdminLogin.token("https://127.0.0.1:" + httpsPort, AdminLogin.ADMIN, password);
    }

    JsonNode create(String name) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\"}";
        JsonNode accepted = fleet.createVm(body);
        return accepted;
    }

    static long domainsWithUuid(String uuid) throws Exception {
        return Fleet.virsh("list", "--all", "--uuid").lines().filter(uuid::equals).count();
    }

    @Test
    void aServerKilledMidCreatesResumesEveryTaskAndConvergesWithNothingOrphaned() throws Exception {
        Path agentData = tmp.resolve("agent");
        String hostId = fleet.startAgent("host-k", agentData, tmp.resolve("agent.log"));
        List<JsonNode> accepted = new ArrayList<>();
        for (int i = 1; i <= 3; i++) accepted.add(create("survivor-" + i));
        // Kill it as soon as the host is at work on the first create; the others are wherever they are.
        String first = accepted.get(0).get("task").get("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                fleet.get("/api/v1/tasks/" + first).get("steps").get(1).get("status").asText().matches("running|done"));
        server.destroyForcibly();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();

        startServer(tmp.resolve("server-2.log"));
        List<Path> dirs = new ArrayList<>();
        for (JsonNode a : accepted) {
            String id = a.get("vm").get("id").asText();
            JsonNode task = fleet.awaitTask(a.get("task").get("id").asText(), Duration.ofSeconds(120));
            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("succeeded");
            fleet.awaitVmStatus(id, "running", Duration.ofSeconds(30));
            assertThat(domainsWithUuid(id)).as("domains of " + id).isEqualTo(1);
            dirs.add(agentData.resolve("vms").resolve(id));
        }
        try (var left = Files.list(agentData.resolve("vms"))) {
            assertThat(left.toList()).containsExactlyInAnyOrderElementsOf(dirs);
        }
        JsonNode host = fleet.get("/api/v1/hosts/" + hostId);
        assertThat(host.get("vm_count").asInt()).isEqualTo(3);
        assertThat(host.get("allocated").get("memory_mib").asLong()).isEqualTo(3 * 192);
        assertThat(host.get("foreign_domains").toString()).doesNotContain("survivor-");
        assertThat(Files.readString(tmp.resolve("server-2.log"))).contains("resuming task " + first);
    }

    @Test
    void anAgentRestartAndALibvirtdRestartWhileTheVmRunsLoseNothing() throws Exception {
        Path agentData = tmp.resolve("agent");
        Path log = tmp.resolve("agent.log");
        fleet.startAgent("host-r", agentData, log);
        JsonNode accepted = create("steady");
        String id = accepted.get("vm").get("id").asText();
        fleet.awaitSucceeded(accepted, Duration.ofSeconds(120));
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(10));

        // The agent dies: its host goes offline and the VM becomes unknown — never stopped.
        fleet.stopAgents();
        await().atMost(Duration.ofSeconds(20)).until(() -> fleet.get("/api/v1/vms/" + id).get("status").asText().equals("unknown"));
        assertThat(Fleet.virsh("domstate", id)).contains("running");
        fleet.agent(agentData, log);
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(60));

        // libvirtd restarts under the agent: the guest keeps running and events still arrive. The host's
        // libvirtd by its pid file: the network lab runs a libvirtd of its own.
        Process restart = new ProcessBuilder("bash", "-c", "pid=$(cat /run/libvirtd.pid); kill \"$pid\"; "
                + "for i in $(seq 50); do kill -0 \"$pid\" 2>/dev/null || break; sleep 0.2; done; libvirtd -d")
                .redirectErrorStream(true).start();
        assertThat(restart.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> Fleet.virsh("domstate", id).contains("running"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("connected to libvirt")
                && Files.readString(log).split("connected to libvirt", -1).length > 3);
        assertThat(Fleet.virsh("destroy", id)).doesNotStartWith("ERROR");
        fleet.awaitVmStatus(id, "stopped", Duration.ofSeconds(5));
        assertThat(domainsWithUuid(id)).isEqualTo(1);
    }

    @Test
    void aDeleteWhileTheHostIsAwayWaitsAndFinishesWhenTheHostReturns() throws Exception {
        Path agentData = tmp.resolve("agent");
        Path log = tmp.resolve("agent.log");
        String hostId = fleet.startAgent("host-d", agentData, log);
        JsonNode accepted = create("goner");
        String id = accepted.get("vm").get("id").asText();
        fleet.awaitSucceeded(accepted, Duration.ofSeconds(120));

        fleet.stopAgents(); // its VM keeps running
        await().atMost(Duration.ofSeconds(20)).until(() -> fleet.get("/api/v1/hosts/" + hostId).get("status").asText().equals("offline"));
        JsonNode delete = fleet.delete("/api/v1/vms/" + id, 202);
        Thread.sleep(2000);
        assertThat(fleet.get("/api/v1/vms/" + id).get("status").asText()).isEqualTo("deleting");
        assertThat(fleet.get("/api/v1/tasks/" + delete.get("task").get("id").asText()).get("status").asText()).isEqualTo("running");
        assertThat(Fleet.virsh("domstate", id)).contains("running");

        fleet.agent(agentData, log);
        fleet.awaitSucceeded(delete, Duration.ofSeconds(60));
        assertThat(fleet.send("GET", "/api/v1/vms/" + id, null, true).statusCode()).isEqualTo(404);
        assertThat(domainsWithUuid(id)).isZero();
        assertThat(agentData.resolve("vms").resolve(id)).doesNotExist();
    }
}
