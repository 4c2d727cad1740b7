package io.drover.e2e.newuser;

import java.util.ArrayList;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.guest.CloudImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does, with the real scripts: {@code scripts/up.sh} on a fresh data dir (its real
 * server and its real agent, {@code --accel auto}: the agent probes this machine's KVM itself),
 * sign in with the password it prints, register an image, create a VM through the API, and see the
 * guest run its user-data on its serial console. If the probe chose an accelerator that cannot run
 * a guest here (KVM on the development machines, where nested KVM runs the BIOS and hangs the
 * guest), the user-data never runs and this fails.
 */
class NewUserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = AdminLogin.loopbackHttps();
    private static final Path ROOT = Path.of(System.getProperty("drover.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    Path data;
    AdminLogin.Session session;
    String vmId;

    @AfterEach
    void down() throws Exception {
        if (session != null && vmId != null) {
            send(session.request("/api/v1/vms/" + vmId).DELETE());
            await().atMost(Duration.ofSeconds(60)).until(() -> send(session.request("/api/v1/vms/" + vmId).GET()).statusCode() == 404);
        }
        if (data != null) script("down.sh");
    }

    @Test
    void upShThenSignInRegisterAnImageAndCreateAVmWhoseGuestRunsItsUserData() throws Exception {
        // QEMU runs as libvirt-qemu: the data dir's parents must let it through, as a user's checkout does.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = tmp.resolve("data");
        int port = freePort(), httpPort = freePort();
        String up = script("up.sh", "--port", Integer.toString(port), "--http-port", Integer.toString(httpPort));
        assertThat(up).contains("Drover is up").containsPattern("Open in a browser: +https://[^ ]+:" + port + "/")
                .contains("Host agent:         running").containsPattern("Plain HTTP: +http://[^ ]+:" + httpPort + "/ \\(--http-port: trackers only");
        Matcher password = Pattern.compile("Sign in as: +admin / (\\S+)").matcher(up);
        assertThat(password.find()).as("up.sh prints the first admin's password:\n" + up).isTrue();

        // Signed in where up.sh says to open a browser: HTTPS (the plain port serves trackers only).
        session = AdminLogin.login("https://127.0.0.1:" + port, "admin", password.group(1));
        JsonNode hosts = json(send(session.request("/api/v1/hosts").GET()), 200);
        assertThat(hosts.get("items")).hasSize(1);
        JsonNode host = hosts.get("items").get(0);
        String accel = host.get("facts").get("accel").asText();
        String why = host.get("facts").get("accel_reason").asText();
        System.out.println("the agent up.sh started chose " + accel + ": " + why);
        assertThat(why).startsWith("--accel auto: ");

        // Uploaded, as a new user does: registration by path needs the server's --image-dir, which up.sh does not set.
        json(send(session.request("/api/v1/images?name=cloud").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(CloudImage.forHost().build()))), 201);
        String marker = "new-user-" + UUID.randomUUID();
        String body = JSON.createObjectNode().put("name", "first-vm").put("cpus", 1).put("memory_mib", 256).put("disk_gib", 1)
                .put("image", "cloud").put("user_data", "#!/bin/sh\necho \"" + marker + "\"\n").toString();
        JsonNode accepted = json(send(session.request("/api/v1/vms").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))), 202);
        vmId = accepted.get("vm").get("id").asText();
        String task = accepted.get("task").get("id").asText();
        await().atMost(Duration.ofSeconds(180)).until(() -> !json(send(session.request("/api/v1/tasks/" + task).GET()), 200)
                .get("status").asText().matches("queued|running"));
        assertThat(json(send(session.request("/api/v1/tasks/" + task).GET()), 200).get("status").asText()).isEqualTo("succeeded");

        Path console = data.resolve("agent").resolve("vms").resolve(vmId).resolve("console.log");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.exists(console) && Files.readString(console, StandardCharsets.ISO_8859_1).contains(CloudImage.USER_DATA_RAN));
        assertThat(Files.readString(console, StandardCharsets.ISO_8859_1)).as("the guest ran its user-data under " + accel + " (" + why + ")")
                .contains(marker).contains(CloudImage.USER_DATA_RAN + "0");
        assertThat(json(send(session.request("/api/v1/vms/" + vmId).GET()), 200).get("status").asText()).isEqualTo("running");
    }

    /** Runs {@code scripts/NAME} with this test's data dir and agent port; its output, which must end in success. */
    private String script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
        pb.environment().put("DROVER_DATA_DIR", data.toString());
        pb.environment().put("DROVER_AGENT_LISTEN", "127.0.0.1:" + freePort());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(name + " finished").isTrue();
        assertThat(p.exitValue()).as(name + ":\n" + out).isZero();
        return out;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws IOException {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + ": " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
