package io.drover.agent.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.join.Backoff;
import io.drover.protocol.AgentHeartbeat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one persistent connection to the server: a WebSocket the agent opens (so the host
 * needs no inbound port), authenticated with the host credential. Once the server welcomes it
 * (it accepted the credential), it heartbeats every interval
 * and, when the connection drops or cannot be made, reconnects with jittered exponential backoff
 * (1 s to 30 s), trying the configured servers in turn. Everything runs on one scheduler thread.
 */
public final class ServerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> servers;
    private final String credential;
    private final Duration interval;
    private final Backoff backoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-link");
        t.setDaemon(true);
        return t;
    });
    private WebSocket socket; // touched only on the timer thread
    private ScheduledFuture<?> heartbeats;
    private int failures;
    private int next;
    private volatile boolean closed;
    private volatile boolean connected;

    public ServerLink(List<URI> servers, String credential, Duration interval, Backoff backoff) {
        this.servers = List.copyOf(servers);
        this.credential = credential;
        this.interval = interval;
        this.backoff = backoff;
    }

    public void start() {
        timer.execute(this::connect);
    }

    public boolean connected() {
        return connected;
    }

    private void connect() {
        if (closed) return;
        URI server = servers.get(next++ % servers.size());
        URI ws = URI.create(server.toString().replaceFirst("^http", "ws")).resolve(AgentHeartbeat.PATH);
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + credential)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(ws, new Listener(server))
                .whenComplete((s, e) -> {
                    if (e != null) timer.execute(() -> retry(server, "cannot connect: " + rootMessage(e)));
                });
    }

    private void opened(WebSocket s, URI server) {
        if (closed) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
            return;
        }
        socket = s;
    }

    /** The server accepted the credential: heartbeats start. */
    private void welcomed(URI server) {
        if (socket == null || connected) return;
        failures = 0;
        connected = true;
        log.info("linked to {}", server);
        heartbeats = timer.scheduleAtFixedRate(this::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        if (socket == null) return;
        try {
            socket.sendText(JSON.writeValueAsString(AgentHeartbeat.every(interval.toMillis())), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void retry(URI server, String why) {
        connected = false;
        socket = null;
        if (heartbeats != null) heartbeats.cancel(false);
        if (closed) return;
        Duration wait = backoff.delay(failures++);
        log.warn("link to {} lost or refused ({}); reconnecting in {} ms", server, why, wait.toMillis());
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final URI server;
        private final StringBuilder text = new StringBuilder();

        Listener(URI server) {
            this.server = server;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
            timer.execute(() -> opened(webSocket, server));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data); // a message may arrive in parts
            if (!last) return null;
            if (AgentHeartbeat.WELCOME.contentEquals(text)) timer.execute(() -> welcomed(server));
            text.setLength(0);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            timer.execute(() -> retry(server, "closed " + statusCode + (reason.isEmpty() ? "" : ": " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            timer.execute(() -> retry(server, rootMessage(error)));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        timer.execute(() -> {
            if (socket != null) socket.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
        });
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
