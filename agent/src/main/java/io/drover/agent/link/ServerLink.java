package io.drover.agent.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.retry.Backoff;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.RootCause;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one persistent connection to the server: a WebSocket the agent opens (so the host
 * needs no inbound port) over mutual TLS, with the client the {@code http} supplier gives (it
 * presents the host's current certificate). Once the server welcomes it, it heartbeats every interval
 * and, when the connection drops or cannot be made, reconnects with jittered exponential backoff
 * (1 s to 30 s), trying the configured servers in turn. Everything runs on one scheduler thread.
 *
 * <p>Every message from the server other than the welcome goes to the {@link Inbox}, and every
 * welcome to {@code onLinked} (so the agent reports afresh), both on an inbound thread of their
 * own so a slow handler never stalls heartbeats. {@link #send} may be called from any thread;
 * what is sent while unlinked is dropped, because the agent resends its state on every link and
 * the server resends what it did not hear back about.
 */
public final class ServerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receives the server's messages (commands, cancels), one at a time, in order. */
    @FunctionalInterface
    public interface Inbox {
        void receive(JsonNode message);
    }

    private final List<URI> servers;
    private final Supplier<HttpClient> http;
    private final Duration interval;
    private final Backoff backoff;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("server-link"));
    private final ExecutorService inbound = Executors.newSingleThreadExecutor(DaemonThreads.named("server-link-in"));
    private final Inbox inbox;
    private final Runnable onLinked;
    private WebSocket socket; // touched only on the timer thread
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null); // timer thread
    private volatile URI linkedServer;
    private ScheduledFuture<?> heartbeats;
    private int failures;
    private int next;
    /** Which connection attempt is current (timer thread): events of an older socket are ignored. */
    private long attempt;
    private volatile boolean closed;
    private volatile boolean connected;

    public ServerLink(List<URI> servers, Supplier<HttpClient> http, Duration interval, Backoff backoff, Inbox inbox, Runnable onLinked) {
        this.servers = List.copyOf(servers);
        this.http = http;
        this.interval = interval;
        this.backoff = backoff;
        this.inbox = inbox;
        this.onLinked = onLinked;
    }

    /** A link that only heartbeats (nothing to receive, nothing to do on link). */
    public ServerLink(List<URI> servers, Supplier<HttpClient> http, Duration interval, Backoff backoff) {
        this(servers, http, interval, backoff, m -> { }, () -> { });
    }

    /**
     * Sends {@code message} (a protocol record, serialized as JSON) if linked; otherwise drops it
     * with a debug log. Safe from any thread; messages leave in the order they were sent.
     */
    public void send(Object message) {
        String json;
        try {
            json = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + message.getClass().getSimpleName(), e);
        }
        try {
            timer.execute(() -> transmit(json));
        } catch (RejectedExecutionException e) {
            log.debug("link closed; dropped {}", json);
        }
    }

    /**
     * The server this agent is (or was last) linked to, e.g. to fetch images from; null before
     * the first link.
     */
    public URI server() {
        return linkedServer;
    }

    /** On the timer thread: one send at a time (the JDK WebSocket allows no overlapping sends). */
    private void transmit(String json) {
        WebSocket s = socket;
        if (s == null || !connected) {
            log.debug("not linked; dropped {}", json.length() > 200 ? json.substring(0, 200) + "…" : json);
            return;
        }
        sending = sending.handle((r, e) -> null).thenCompose(x -> s.sendText(json, true));
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
        long id = ++attempt;
        http.get().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(ws, new Listener(server, id))
                .whenComplete((s, e) -> {
                    if (e != null) timer.execute(() -> retry(id, server, "cannot connect: " + refusal(e)));
                });
    }

    /**
     * Drops the current connection and links again at once, e.g. with a renewed certificate.
     * Safe from any thread.
     */
    public void reconnect(String why) {
        try {
            timer.execute(() -> {
                if (closed) return;
                WebSocket old = socket;
                log.info("linking again: {}", why);
                stopHeartbeats();
                attempt++; // whatever the old socket still reports is ignored from here on
                if (old != null) old.abort();
                connect();
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void stopHeartbeats() {
        connected = false;
        socket = null;
        if (heartbeats != null) heartbeats.cancel(false);
    }

    /** Why the upgrade failed: the status of a refused upgrade (401: the certificate proves no host), else the root cause. */
    private static String refusal(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof WebSocketHandshakeException h) {
            return "the server refused the link: HTTP " + h.getResponse().statusCode()
                    + (h.getResponse().statusCode() == 401 ? " (the host's certificate is not accepted: expired, or the host was removed)" : "");
        }
        return RootCause.message(e);
    }

    private void opened(long id, WebSocket s, URI server) {
        if (id != attempt) {
            s.abort();
            return;
        }
        if (closed) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
            return;
        }
        socket = s;
        sending = CompletableFuture.completedFuture(null);
    }

    /** The server accepted the credential: heartbeats start. */
    private void welcomed(URI server) {
        if (socket == null || connected) return;
        failures = 0;
        connected = true;
        linkedServer = server;
        log.info("linked to {}", server);
        heartbeats = timer.scheduleAtFixedRate(this::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        deliver(onLinked);
    }

    private void heartbeat() {
        if (socket == null) return;
        try {
            transmit(JSON.writeValueAsString(AgentHeartbeat.every(interval.toMillis())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message from the server: the welcome opens the link, the rest go to the inbox. */
    private void received(String text, URI server) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            log.warn("ignoring a message from {} that is not JSON: {}", server, e.getOriginalMessage());
            return;
        }
        if (message == null || !message.isObject()) {
            log.warn("ignoring a message from {} that is not a JSON object", server);
            return;
        }
        if ("welcome".equals(message.path("type").asText())) {
            welcomed(server);
        } else if (connected) {
            deliver(() -> inbox.receive(message));
        } else {
            log.warn("ignoring a {} message from {} before its welcome", message.path("type").asText(), server);
        }
    }

    private void deliver(Runnable r) {
        try {
            inbound.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("handling a message from the server failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void retry(long id, URI server, String why) {
        if (id != attempt) return; // an older connection, already replaced
        stopHeartbeats();
        if (closed) return;
        Duration wait = backoff.delay(failures++);
        log.warn("link to {} lost or refused ({}); reconnecting in {} ms", server, why, wait.toMillis());
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final URI server;
        private final long id;
        private final StringBuilder text = new StringBuilder();

        Listener(URI server, long id) {
            this.server = server;
            this.id = id;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
            timer.execute(() -> opened(id, webSocket, server));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data); // a message may arrive in parts
            if (!last) return null;
            String message = text.toString();
            text.setLength(0);
            timer.execute(() -> {
                if (id == attempt) received(message, server);
            });
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            timer.execute(() -> retry(id, server, "closed " + statusCode + (reason.isEmpty() ? "" : ": " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            timer.execute(() -> retry(id, server, RootCause.message(error)));
        }
    }


    @Override
    public void close() {
        closed = true;
        timer.execute(() -> {
            if (socket != null) socket.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
        });
        timer.shutdown();
        inbound.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
