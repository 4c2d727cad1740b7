package io.drover.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.link.HostFactsReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for an agent in server tests: it joins, keeps the link, and lets the test send
 * exactly the messages it wants and read what the server sends. The real agent against a real
 * libvirt is proven in the e2e module; this one makes the server's side of the protocol testable
 * message by message.
 */
public final class FakeAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String hostId;
    private final String credential;
    private final String name;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received;
    private final CompletableFuture<String> closed;

    private FakeAgent(String hostId, String credential, String name, WebSocket socket, BlockingQueue<JsonNode> received,
                      CompletableFuture<String> closed) {
        this.hostId = hostId;
        this.credential = credential;
        this.name = name;
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    /** Joins as {@code name}, links, and reports facts (8 CPUs, 16 GiB, 100 GiB) and a heartbeat. */
    public static FakeAgent join(TestServer api, String name) throws Exception {
        TestServer.JoinedHost joined = api.joinHost(name);
        return link(api, joined.id(), joined.credential(), name);
    }

    /** Opens a new link for the same host, as an agent does after a drop. */
    public static FakeAgent reconnect(TestServer api, FakeAgent previous) throws Exception {
        return link(api, previous.hostId, previous.credential, previous.name);
    }

    private static FakeAgent link(TestServer api, String hostId, String credential, String name) throws Exception {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + credential)
                .buildAsync(URI.create(api.url(AgentHeartbeat.PATH).replaceFirst("^http", "ws")), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                inbox.add(JSON.readTree(text.toString()));
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
        FakeAgent agent = new FakeAgent(hostId, credential, name, ws, inbox, closed);
        agent.expect("welcome");
        agent.send(new HostFactsReport(HostFactsReport.TYPE, name, "Fake CPU", 8, 16384, 100, 90, "9.0.0", "7.2.0", "tcg",
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
