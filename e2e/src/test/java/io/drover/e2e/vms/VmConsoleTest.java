package io.drover.e2e.vms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.console.ConsoleSocket;
import io.drover.e2e.console.Rfb;
import io.drover.server.DroverServer;
import io.drover.server.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM's consoles through the server's relay and the agent's dial-out, against a real TCG guest:
 * typing into its serial console's shell and reading the answer, reading its screen over RFB,
 * its serial log; and who may open what: a ticket is good once, for its user only, and only a
 * role with the console permission gets one.
 */
class VmConsoleTest {

    @TempDir
    Path tmp;
    DroverServer server;
    Fleet fleet;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(tmp);
        // The plain port as behind a TLS-terminating proxy: the console must work through it too.
        server = fleet.startServer(c -> c.withTls(TlsSettings.defaults().withHttpPortBehindProxy(0)));
        fleet.registerCloudImage();
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
    }

    @Test
    void theSerialConsoleTheScreenAndTheLogOfARunningGuestThroughTheRelay() throws Exception {
        Path agentData = tmp.resolve("agent");
        fleet.startAgent("host-c", agentData, tmp.resolve("agent.log"));
        String id = fleet.bootVm("con-1", agentData);
        // The display listens on no address: a socket in libvirt's directory for the domain.
        assertThat(Fleet.virsh("dumpxml", id)).contains("vnc.sock").doesNotContain("listen='127.0.0.1'", "listen='0.0.0.0'");

        // Serial: a shell answers what is typed into it.
        try (ConsoleSocket serial = ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket(id, "serial", fleet.adminToken), fleet.adminToken)) {
            serial.send("echo drover-$((6*7))\r");
            serial.awaitText("drover-42", Duration.ofSeconds(20));
        }
        // The same through the plain port, as a proxy that terminated TLS forwards the WebSocket.
        String proxied = "http://127.0.0.1:" + server.httpPort();
        try (ConsoleSocket serial = ConsoleSocket.open(Fleet.HTTP, proxied, ticket(id, "serial", fleet.adminToken), fleet.adminToken)) {
            serial.send("echo proxied-$((6*7))\r");
            serial.awaitText("proxied-42", Duration.ofSeconds(20));
        }

        // The screen: the guest wrote a line to its VGA text console; the frame is not blank.
        try (ConsoleSocket vnc = ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket(id, "vnc", fleet.adminToken), fleet.adminToken)) {
            Rfb rfb = new Rfb(vnc);
            Rfb.Screen screen = rfb.handshake();
            assertThat(screen.width()).isGreaterThanOrEqualTo(640);
            assertThat(screen.height()).isGreaterThanOrEqualTo(400);
            byte[] frame = rfb.frame();
            assertThat(litPixels(frame, screen)).as("pixels of text on the guest's screen").isGreaterThan(200);
            assertThat(colours(frame, screen)).hasSizeGreaterThanOrEqualTo(2);
        }

        // The serial log of this boot, read from the host through the relay.
        HttpResponse<String> text = fleet.send("GET", "/api/v1/vms/" + id + "/console/log", null, true);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text.body()).contains("--- drover-agent: starting the VM at", "DROVER-GUEST: boot finished", "drover-42");

        // An open serial console ends with a reason when the VM stops; a stopped VM has no console.
        ConsoleSocket open = ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket(id, "serial", fleet.adminToken), fleet.adminToken);
        open.send("echo up-$((1+1))\r");
        open.awaitText("up-2", Duration.ofSeconds(20)); // the agent has the terminal open
        assertThat(Fleet.virsh("destroy", id)).doesNotStartWith("ERROR");
        assertThat(open.awaitClose(Duration.ofSeconds(10))).startsWith("1000").contains("the console ended");
        fleet.awaitVmStatus(id, "stopped", Duration.ofSeconds(5));
        assertThat(fleet.send("POST", "/api/v1/vms/" + id + "/console", "{\"kind\":\"serial\"}", true).statusCode()).isEqualTo(409);
        // The log outlives the boot.
        assertThat(fleet.send("GET", "/api/v1/vms/" + id + "/console/log", null, true).body()).contains("drover-42");
    }

    @Test
    void aTicketOpensOneConsoleOnceForItsOwnUserAndAViewerGetsNone() throws Exception {
        fleet.startAgent("host-t", tmp.resolve("agent"), tmp.resolve("agent.log"));
        JsonNode accepted = fleet.createVm("{\"name\":\"con-2\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\"}");
        String id = accepted.get("vm").get("id").asText();
        fleet.awaitSucceeded(accepted, Duration.ofSeconds(120));
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(10));
        fleet.post("/api/v1/users", "{\"username\":\"olga\",\"password\":\"operator-password-1\",\"role\":\"operator\"}", 201);
        fleet.post("/api/v1/users", "{\"username\":\"vera\",\"password\":\"viewer-password-1\",\"role\":\"viewer\"}", 201);
        String operator = AdminLogin.token(fleet.baseUrl, "olga", "operator-password-1");
        String viewer = AdminLogin.token(fleet.baseUrl, "vera", "viewer-password-1");

        // A viewer sees the VM but gets no ticket.
        assertThat(as(viewer, "POST", "/api/v1/vms/" + id + "/console", "{\"kind\":\"vnc\"}").statusCode()).isEqualTo(403);
        assertThat(as(viewer, "GET", "/api/v1/vms/" + id + "/console/log", null).statusCode()).isEqualTo(403);
        assertThat(as(operator, "POST", "/api/v1/vms/" + id + "/console", "{\"kind\":\"tty\"}").statusCode()).isEqualTo(400);

        // Good once: the second use is refused.
        String ticket = ticket(id, "vnc", operator);
        try (ConsoleSocket vnc = ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket, operator)) {
            assertThat(new String(vnc.read(12, Duration.ofSeconds(20)))).startsWith("RFB 003.");
        }
        assertRefused(ticket, operator, 403);

        // Bound to its user: another user (even an admin) cannot use it, and the try uses it up.
        String olgas = ticket(id, "serial", operator);
        assertRefused(olgas, fleet.adminToken, 403);
        assertRefused(olgas, operator, 403);
        // Without a ticket, or without credentials, no relay.
        assertRefused(null, operator, 403);
        assertRefused(ticket(id, "serial", operator), null, 401);
        assertRefused("dct_madeUpTicketmadeUpTicketmadeUpTicket12345", operator, 403);
        // Another site's page cannot use the user's ticket (a WebSocket is not bound by the same-origin rule) ...
        String fromElsewhere = ticket(id, "vnc", operator);
        assertThatThrownBy(() -> ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, fromElsewhere, operator, "https://attacker.example"))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        // ... while the server's own page can.
        String fromConsole = ticket(id, "vnc", operator);
        try (ConsoleSocket vnc = ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, fromConsole, operator, fleet.baseUrl)) {
            assertThat(new String(vnc.read(12, Duration.ofSeconds(20)))).startsWith("RFB 003.");
        }

        // The audit log says who asked for a console of which VM.
        JsonNode audit = fleet.get("/api/v1/audit?actor=olga");
        assertThat(audit.toString()).contains("/api/v1/vms/" + id + "/console");
    }

    private void assertRefused(String ticket, String bearer, int status) {
        assertThatThrownBy(() -> ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket, bearer))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(status));
    }

    private String ticket(String vm, String kind, String bearer) throws Exception {
        HttpResponse<String> r = as(bearer, "POST", "/api/v1/vms/" + vm + "/console", "{\"kind\":\"" + kind + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = Fleet.JSON.readTree(r.body());
        assertThat(body.get("websocket").asText()).isEqualTo("/api/v1/console/relay");
        return body.get("ticket").asText();
    }

    private HttpResponse<String> as(String bearer, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fleet.baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Fleet.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pixels that are not the screen's background (the most common colour). */
    static long litPixels(byte[] frame, Rfb.Screen screen) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        int bpp = screen.bytesPerPixel();
        for (int i = 0; i + bpp <= frame.length; i += bpp) counts.merge(pixel(frame, i, bpp), 1, Integer::sum);
        int background = counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        return counts.entrySet().stream().filter(e -> e.getKey() != background).mapToLong(java.util.Map.Entry::getValue).sum();
    }

    static Set<Integer> colours(byte[] frame, Rfb.Screen screen) {
        Set<Integer> colours = new HashSet<>();
        int bpp = screen.bytesPerPixel();
        for (int i = 0; i + bpp <= frame.length; i += bpp) colours.add(pixel(frame, i, bpp));
        return colours;
    }

    private static int pixel(byte[] frame, int at, int bpp) {
        int v = 0;
        for (int b = 0; b < Math.min(bpp, 3); b++) v = (v << 8) | (frame[at + b] & 0xff);
        return v;
    }
}
