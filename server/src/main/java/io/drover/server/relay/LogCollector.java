package io.drover.server.relay;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The user's end of a {@code log} relay: collects what the agent sends (at most {@link #MAX_BYTES})
 * until the agent closes normally, which completes {@link #bytes}; any other close completes it
 * with {@link ConsoleUnavailable} and the agent's reason.
 */
final class LogCollector implements RelayEnd {
    /** The agent sends at most the last 2 MiB; anything past this is a misbehaving agent's and dropped. */
    static final int MAX_BYTES = 4 << 20;

    final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public synchronized void send(ByteBuffer data, Runnable done) {
        int n = Math.min(data.remaining(), MAX_BYTES - out.size());
        if (n > 0) {
            byte[] chunk = new byte[n];
            data.get(chunk);
            out.write(chunk, 0, n);
        }
        done.run();
    }

    @Override
    public synchronized void close(int code, String reason) {
        if (code == 1000) bytes.complete(out.toByteArray());
        else bytes.completeExceptionally(new ConsoleUnavailable(reason == null || reason.isEmpty() ? "the console log could not be read" : reason));
    }
}
