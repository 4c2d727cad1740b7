package io.drover.server.relay;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A relay end on a Jetty WebSocket session: binary frames out, close with a code and reason. */
final class WsEnd implements RelayEnd {
    /** Without traffic for this long a connection is dead; {@link Relays} pings well within it. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);
    /** WebSocket close reasons are at most 123 bytes of UTF-8. */
    private static final int MAX_REASON_CHARS = 120;

    private final Session session;

    WsEnd(Session session) {
        this.session = session;
        session.setIdleTimeout(IDLE_TIMEOUT);
        session.setMaxBinaryMessageSize(Relay.MAX_FRAME_BYTES);
    }

    @Override
    public void send(ByteBuffer data, Runnable done) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        session.sendBinary(copy, Callback.from(done, failure -> {
            done.run();
            close(1011, "cannot send: " + failure.getMessage());
        }));
    }

    @Override
    public void close(int code, String reason) {
        if (!session.isOpen()) return;
        String r = reason == null ? "" : reason;
        session.close(sendable(code), r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r, Callback.NOOP);
    }

    /**
     * A code a close frame may carry: what the other side saw as 1005 (no code), 1006 (the
     * connection dropped) or 1015 (TLS failed) never goes on the wire (RFC 6455, 7.4.1), nor do
     * codes outside the registered and private ranges; those become 1011.
     */
    static int sendable(int code) {
        boolean registered = code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
        return registered || (code >= 3000 && code <= 4999) ? code : 1011;
    }

    @Override
    public void ping() {
        if (session.isOpen()) session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
}
