package io.drover.server.relay;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open console: bytes from the user's end go to the agent's and back, unchanged. What the user
 * sends before the agent has dialled in is held (a little: {@link #MAX_EARLY_BYTES}). Either end's
 * close ends the other with the same reason, so the user reads why the agent could not open the
 * console. A side that falls more than {@link #MAX_IN_FLIGHT_BYTES} behind is closed rather than
 * buffered without bound (RFB is pulled by the viewer and a serial port is slow, so this means a
 * stuck connection).
 */
final class Relay {
    static final int MAX_FRAME_BYTES = 1 << 20;
    static final int MAX_EARLY_BYTES = 64 << 10;
    static final long MAX_IN_FLIGHT_BYTES = 16L << 20;

    final String id;
    final String hostId;
    private final RelayEnd user;
    private RelayEnd agent;
    private final Deque<ByteBuffer> early = new ArrayDeque<>();
    private int earlyBytes;
    /** Bytes handed to each side that have not left yet (counted down off the lock, by the ends' callbacks). */
    private final AtomicLong toUser = new AtomicLong(), toAgent = new AtomicLong();
    private boolean closed;

    Relay(String id, String hostId, RelayEnd user) {
        this.id = id;
        this.hostId = hostId;
        this.user = user;
    }

    /** The agent dialled in: what the user sent meanwhile goes first. False when the relay has ended. */
    synchronized boolean agentJoined(RelayEnd end) {
        if (closed || agent != null) return false;
        agent = end;
        while (!early.isEmpty()) sendToAgent(early.poll());
        return true;
    }

    synchronized void fromUser(ByteBuffer data) {
        if (closed) return;
        if (agent == null) {
            earlyBytes += data.remaining();
            if (earlyBytes > MAX_EARLY_BYTES) {
                close(1009, "too much input before the console opened");
                return;
            }
            early.add(ByteBuffer.allocate(data.remaining()).put(data).flip());
            return;
        }
        sendToAgent(data);
    }

    synchronized void fromAgent(ByteBuffer data) {
        if (closed) return;
        int n = data.remaining();
        if (toUser.addAndGet(n) > MAX_IN_FLIGHT_BYTES) {
            close(1008, "the console's user does not keep up; closed");
            return;
        }
        user.send(data, () -> toUser.addAndGet(-n));
    }

    private void sendToAgent(ByteBuffer data) {
        int n = data.remaining();
        if (toAgent.addAndGet(n) > MAX_IN_FLIGHT_BYTES) {
            close(1008, "the host does not keep up with the console; closed");
            return;
        }
        agent.send(data, () -> toAgent.addAndGet(-n));
    }

    /** Ends both sides with {@code code} and {@code reason}; later calls do nothing. */
    void close(int code, String reason) {
        RelayEnd a;
        synchronized (this) {
            if (closed) return;
            closed = true;
            a = agent;
            early.clear();
        }
        user.close(code, reason);
        if (a != null) a.close(code, reason);
    }

    synchronized boolean agentJoinedAlready() {
        return agent != null;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized void ping() {
        if (closed) return;
        user.ping();
        if (agent != null) agent.ping();
    }
}
