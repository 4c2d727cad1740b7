package io.drover.e2e.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The user's end of a console relay, as a test drives it: a WebSocket to
 * {@code /api/v1/console/relay?ticket=…} whose binary frames are collected in order, read back
 * as a stream of bytes, and written to.
 */
public final class ConsoleSocket implements ByteStream {
    private final WebSocket socket;
    private final Inbox inbox;

    private ConsoleSocket(WebSocket socket, Inbox inbox) {
        this.socket = socket;
        this.inbox = inbox;
    }

    /** Opens the relay with {@code ticket}, presenting {@code bearer} as the caller; fails as the server refuses the upgrade. */
    public static ConsoleSocket open(HttpClient http, String baseUrl, String ticket, String bearer) throws Exception {
        return open(http, baseUrl, ticket, bearer, null);
    }

    /** The same as a page of {@code origin} would open it (a browser sends its page's origin; null: none). */
    public static ConsoleSocket open(HttpClient http, String baseUrl, String ticket, String bearer, String origin) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (origin != null) b.header("Origin", origin);
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/console/relay" + (ticket == null ? "" : "?ticket=" + ticket));
        WebSocket socket = b.buildAsync(uri, inbox).get(20, TimeUnit.SECONDS);
        return new ConsoleSocket(socket, inbox);
    }

    @Override
    public void send(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    }

    public void send(String text) throws Exception {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] read(int n, Duration timeout) throws Exception {
        return inbox.bytes.take(n, System.nanoTime() + timeout.toNanos());
    }

    /** Waits until everything received so far, as text, contains {@code text}; returns it all. */
    public String awaitText(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String all = inbox.bytes.text();
            if (all.contains(text)) return all;
            if (System.nanoTime() > deadline) throw new TimeoutException("no '" + text + "' in: " + all);
            Thread.sleep(20);
        }
    }

    /** The close code and reason once the server closed; waits up to {@code timeout}. */
    public String awaitClose(Duration timeout) throws Exception {
        return inbox.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public long received() {
        return inbox.bytes.received();
    }

    @Override
    public void awaitByte(long from, byte b, Duration timeout) throws Exception {
        inbox.bytes.awaitByte(from, b, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private static final class Inbox implements WebSocket.Listener {
        final ByteInbox bytes = new ByteInbox();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bytes.add(b, 0, b.length);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            bytes.end("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
            bytes.end("error " + error);
        }
    }
}
