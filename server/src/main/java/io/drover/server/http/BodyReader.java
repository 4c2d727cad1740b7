package io.drover.server.http;

import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request body on a Jetty core {@link Request} without blocking, up to a limit. Past the
 * limit it keeps reading and discarding (up to {@link #DRAIN_LIMIT}) before reporting
 * {@link BodyTooLarge}: closing a connection with unread request bytes makes the kernel reset it,
 * and the client would then see a broken connection instead of the 413.
 */
final class BodyReader implements Runnable {
    static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private final Request request;
    private final int limit;
    private final Consumer<byte[]> onBody;
    private final Consumer<ApiException> onError;
    private final Runnable resume = Invocable.from(Invocable.InvocationType.NON_BLOCKING, this);
    private byte[] bytes;
    private int size;
    private long seen;

    private BodyReader(Request request, int limit, Consumer<byte[]> onBody, Consumer<ApiException> onError) {
        this.request = request;
        this.limit = limit;
        this.onBody = onBody;
        this.onError = onError;
        long declared = request.getLength();
        this.bytes = new byte[declared >= 0 && declared <= limit ? (int) declared : Math.min(limit, 1024)];
    }

    /** Starts reading; exactly one of the two callbacks runs, possibly on another thread. */
    static void read(Request request, int limit, Consumer<byte[]> onBody, Consumer<ApiException> onError) {
        new BodyReader(request, limit, onBody, onError).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(resume);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                onError.accept(new InvalidRequest("could not read the request body: " + chunk.getFailure().getMessage()));
                return;
            }
            int n = chunk.remaining();
            seen += n;
            if (seen <= limit) {
                if (size + n > bytes.length) bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + n, 2L * bytes.length)));
                chunk.getByteBuffer().get(bytes, size, n);
                size += n;
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (seen > limit && (last || seen > DRAIN_LIMIT)) {
                onError.accept(new BodyTooLarge(limit));
                return;
            }
            if (last) {
                onBody.accept(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                return;
            }
        }
    }
}
