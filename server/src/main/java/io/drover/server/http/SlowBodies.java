package io.drover.server.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cuts request bodies that arrive too slowly, on every route served by a pool thread. A handler
 * reading a body blocks its thread until the body is in, and Jetty's idle timeout only fires on
 * silence: 40 strangers sending a login body a byte every 2 s held every thread (issue 10). Jetty 12
 * keeps {@code HttpConfiguration.minRequestDataRate} but no longer enforces it, so this does:
 * after {@code grace}, a body must have averaged {@code minBytesPerSecond} since then, else its
 * next read fails with {@link TooSlow} (answered 408, and the connection is closed).
 */
final class SlowBodies extends Handler.Wrapper {
    private final long minBytesPerSecond;
    private final long graceNanos;

    SlowBodies(long minBytesPerSecond, long graceMillis, Handler next) {
        super(next);
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // Only requests with a body (by length or chunked): a GET, an upgrade, an event stream pass untouched.
        boolean body = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (minBytesPerSecond <= 0 || !body) return super.handle(request, response, callback);
        return super.handle(new Metered(request), response, callback);
    }

    /** A body read failed because it came too slowly. */
    static final class TooSlow extends IOException {
        TooSlow(long bytes, long millis, long minBytesPerSecond) {
            super("the request body came too slowly (" + bytes + " bytes in " + millis + " ms; at least "
                    + minBytesPerSecond + " bytes per second are needed)");
        }
    }

    private final class Metered extends Request.Wrapper {
        private final long started = System.nanoTime();
        private long bytes;
        private Content.Chunk failed;

        Metered(Request wrapped) {
            super(wrapped);
        }

        @Override
        public Content.Chunk read() {
            if (failed != null) return failed;
            Content.Chunk chunk = super.read();
            if (chunk == null || Content.Chunk.isFailure(chunk)) return chunk;
            bytes += chunk.remaining();
            if (chunk.isLast()) return chunk;
            long elapsed = System.nanoTime() - started;
            if (elapsed > graceNanos && bytes < minBytesPerSecond * (elapsed - graceNanos) / 1_000_000_000L) {
                chunk.release();
                failed = Content.Chunk.from(new TooSlow(bytes, TimeUnit.NANOSECONDS.toMillis(elapsed), minBytesPerSecond), true);
                return failed;
            }
            return chunk;
        }
    }
}
