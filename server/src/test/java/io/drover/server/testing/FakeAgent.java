package io.drover.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.link.HostFactsReport;
import io.drover.protocol.link.HostSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for an agent in server tests: it joins (join token and a CSR over HTTPS), keeps the
 * link over mutual TLS with the certificate it got, and lets the test send
 * exactly the messages it wants and read what the server sends. The real agent against a real
 * libvirt is proven in the e2e module; this one makes the server's side of the protocol testable
 * message by message.
 */
public final class FakeAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String hostId;
    /** The key and client certificate this agent links with. */
    public final KeyPair key;
    public final X509Certificate certificate;
    private final String name;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received;
    /** The server's host_settings messages, apart: they come on every link and whenever an operator changes them. */
    private final BlockingQueue<JsonNode> settings;
    private final CompletableFuture<String> closed;

    private FakeAgent(String hostId, KeyPair key, X509Certificate certificate, String name, WebSocket socket,
                      BlockingQueue<JsonNode> received, BlockingQueue<JsonNode> settings, CompletableFuture<String> closed) {
        this.settings = settings;
        this.hostId = hostId;
        this.key = key;
        this.certificate = certificate;
        this.name = name;
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    /** Joins as {@code name}, links, and reports facts (8 CPUs, 16 GiB, 100 GiB) and a heartbeat. */
    public static FakeAgent join(TestServer api, String name) throws Exception {
        return join(api, name, null);
    }

    /** As {@link #join(TestServer, String)}, with a join token that dedicates the host to {@code project} (null: shared). */
    public static FakeAgent join(TestServer api, String name, String project) throws Exception {
        Joined joined = joinOnly(api, name, project);
        return link(api, joined.hostId(), joined.key(), joined.certificate(), name);
    }

    /** A host that joined (token and CSR over HTTPS) but has not linked: its id, key and certificate. */
    public record Joined(String hostId, KeyPair key, X509Certificate certificate, JsonNode reply) {}

    public static Joined joinOnly(TestServer api, String name) throws Exception {
        return joinOnly(api, name, null);
    }

    public static Joined joinOnly(TestServer api, String name, String project) throws Exception {
        String tokenRequest = project == null ? "" : "{\"project\":\"" + project + "\"}";
        String token = JSON.readTree(api.postAsAdmin("/api/v1/hosts/join-tokens", tokenRequest).body()).get("token").asText();
        KeyPair key = TestTls.newKey();
        String body = JSON.writeValueAsString(Map.of("join_token", token, "name", name, "csr", TestTls.csr(key, name)));
        HttpResponse<String> r = TestTls.client(api.server(), null, null).send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/hosts/join")))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new AssertionError("join refused: " + r.statusCode() + " " + r.body());
        JsonNode reply = JSON.readTree(r.body());
        return new Joined(reply.get("host_id").asText(), key, TestTls.certificate(reply.get("certificate").asText()), reply);
    }

    /** Opens a new link for the same host, as an agent does after a drop. */
    public static FakeAgent reconnect(TestServer api, FakeAgent previous) throws Exception {
        return link(api, previous.hostId, previous.key, previous.certificate, previous.name);
    }

    /** Links with the given key and certificate (none when null), as a joined host's agent does. */
    public static FakeAgent link(TestServer api, String hostId, KeyPair key, X509Certificate certificate, String name) throws Exception {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>(), settings = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = TestTls.client(api.server(), key == null ? null : key.getPrivate(), certificate).newWebSocketBuilder()
                .buildAsync(URI.create(api.httpsUrl(AgentHeartbeat.PATH).replaceFirst("^https", "wss")), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode m = JSON.readTree(text.toString());
                                (HostSettings.TYPE.equals(m.path("type").asText()) ? settings : inbox).add(m);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode + " " + reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        FakeAgent agent = new FakeAgent(hostId, key, certificate, name, ws, inbox, settings, closed);
        agent.expect("welcome");
        agent.send(new HostFactsReport(HostFactsReport.TYPE, name, "Fake CPU", 8, 16384, 100, 90, "9.0.0", "7.2.0", "tcg", "--accel tcg",
                List.of("192.0.2.10")));
        agent.send(AgentHeartbeat.every(10_000));
        return agent;
    }

    public void send(Object message) throws Exception {
        socket.sendText(message instanceof String s ? s : JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
    }

    /** The next message the server sent, which must be of {@code type}. */
    public JsonNode expect(String type) throws Exception {
        JsonNode m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("the server sent no " + type + " within 10 s");
        if (!type.equals(m.path("type").asText())) throw new AssertionError("expected a " + type + ", got " + m);
        return m;
    }

    /** The next host_settings message the server sent (one comes on every link). */
    public JsonNode expectSettings() throws Exception {
        JsonNode m = settings.poll(10, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("the server sent no host_settings within 10 s");
        return m;
    }

    /** The next command, which must be for {@code action}. */
    public JsonNode expectCommand(String action) throws Exception {
        JsonNode m = expect("command");
        if (!action.equals(m.get("action").asText())) throw new AssertionError("expected " + action + ", got " + m);
        return m;
    }

    /** Nothing more arrives within {@code wait}. */
    public JsonNode poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the server closed the link, once it has. */
    public String closedWith(Duration wait) throws Exception {
        return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
