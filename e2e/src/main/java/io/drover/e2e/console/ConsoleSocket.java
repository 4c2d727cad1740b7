package io.drover.e2e.console;

import java.io.ByteArrayOutputStream;
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
public final class ConsoleSocket implements AutoCloseable {
    private final WebSocket socket;
    private final Inbox inbox;

    private ConsoleSocket(WebSocket socket, Inbox inbox) {
        this.socket = socket;
        this.inbox = inbox;
    }

    /** Opens the relay with {@code ticket}, presenting {@code bearer} as the caller; fails as the server refuses the upgrade. */
    public static ConsoleSocket open(HttpClient http, String baseUrl, String ticket, String bearer) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/console/relay" + (ticket == null ? "" : "?ticket=" + ticket));
        WebSocket socket = b.buildAsync(uri, inbox).get(20, TimeUnit.SECONDS);
        return new ConsoleSocket(socket, inbox);
    }

    public void send(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    }

    public void send(String text) throws Exception {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly {@code n} bytes, after those read before; waits up to {@code timeout}. */
    public byte[] read(int n, Duration timeout) throws Exception {
        return inbox.take(n, System.nanoTime() + timeout.toNanos());
    }

    /** Waits until everything received so far, as text, contains {@code text}; returns it all. */
    public String awaitText(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String all = inbox.text();
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
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private static final class Inbox implements WebSocket.Listener {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private int taken;
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            synchronized (this) {
                all.write(b, 0, b.length);
                notifyAll();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            synchronized (this) {
                notifyAll();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        synchronized byte[] take(int n, long deadlineNanos) throws Exception {
            while (all.size() - taken < n) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || closed.isDone()) throw new TimeoutException("wanted " + n + " bytes, have " + (all.size() - taken)
                        + (closed.isDone() ? "; closed: " + closed.getNow("") : ""));
                wait(Math.max(1, left / 1_000_000));
            }
            byte[] out = new byte[n];
            System.arraycopy(all.toByteArray(), taken, out, 0, n);
            taken += n;
            return out;
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
