package io.drover.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One loader thread: a selector over its share of the connections, and its share of the
 * timetable (requests {@code t, t+T, t+2T, …} for thread {@code t} of {@code T}). Each request
 * goes out when it is due on whichever of the thread's connections is idle (or, when all are
 * busy, on the first to become idle: that wait counts in its latency). It parses just the status
 * line and framing of each answer and records the latency from the intended time.
 *
 * <p>A shared pool rather than a fixed connection per request: with a fixed one, a single slow
 * answer delays every later request bound to that connection even while others sit idle, which
 * measures the loader's partitioning rather than the server (a real fleet has a connection per
 * machine).
 */
final class HeartbeatDriver implements Runnable {
    private static final long DRAIN_NS = 5_000_000_000L;
    private static final int MAX_RECONNECTS_PER_CONNECTION = 20;

    private final InetSocketAddress server;
    private final HeartbeatRequests requests;
    private final Schedule schedule;
    private final int threadIndex;
    private final int threadCount;
    private long nextK;
    private final long timeoutNs;
    private final PhaseStats warmup;
    private final PhaseStats measured;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final ArrayDeque<LoadConnection> idle = new ArrayDeque<>();
    private final Selector selector;
    private int busy;
    private int reconnects;
    private volatile String failure;

    HeartbeatDriver(InetSocketAddress server, HeartbeatRequests requests, Schedule schedule, int threadIndex, int threadCount,
                    int connectionCount, long timeoutNs, PhaseStats warmup, PhaseStats measured) throws IOException {
        this.server = server;
        this.requests = requests;
        this.schedule = schedule;
        this.threadIndex = threadIndex;
        this.threadCount = threadCount;
        this.timeoutNs = timeoutNs;
        this.warmup = warmup;
        this.measured = measured;
        this.selector = Selector.open();
        for (int i = 0; i < connectionCount; i++) {
            LoadConnection c = new LoadConnection();
            c.open(server, selector);
            connections.add(c);
        }
    }

    /** Null when the thread ran to the end; otherwise why it stopped early. */
    String failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            idle.addAll(connections);
            loop();
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        } finally {
            for (LoadConnection c : connections) c.close();
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    private void loop() throws IOException {
        long lastTimeoutScan = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long due = schedule.intendedNs(nextIndex());
            while (!idle.isEmpty() && due <= now && due < schedule.endNs()) {
                send(idle.poll(), nextIndex(), due, now);
                nextK++;
                due = schedule.intendedNs(nextIndex());
            }
            boolean timetableDone = due >= schedule.endNs();
            if (timetableDone && busy == 0) return;
            if (now - schedule.endNs() > DRAIN_NS) {
                // Stop waiting: what is still in flight is reported as abandoned, what is still due as unsent.
                for (LoadConnection c : connections) if (c.busy) stats(c.intendedNs).abandoned.increment();
                return;
            }
            if (now - lastTimeoutScan > 100_000_000L) {
                lastTimeoutScan = now;
                for (LoadConnection c : connections) {
                    if (c.busy && now - c.sentNs > timeoutNs) fail(c, now, true);
                }
            }
            if (select(idle.isEmpty() || timetableDone ? 100_000_000L : due - System.nanoTime()) == 0) continue;
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                LoadConnection c = (LoadConnection) key.attachment();
                if (!key.isValid() || c.key != key) continue;
                try {
                    if (key.isWritable()) flush(c);
                    if (key.isValid() && key.isReadable()) read(c);
                } catch (IOException | ResponseParser.Malformed e) {
                    fail(c, System.nanoTime(), false);
                }
            }
        }
    }

    /**
     * Waits for readiness or until the next send is due. epoll waits in whole milliseconds, so the
     * last sub-millisecond is parked instead; otherwise sends would leave up to 1 ms late and that
     * lateness (the loader's, not the server's) would show in every latency.
     */
    private int select(long waitNs) throws IOException {
        if (waitNs >= 1_000_000L) return selector.select(waitNs / 1_000_000L);
        if (waitNs > 0) LockSupport.parkNanos(waitNs);
        return selector.selectNow();
    }

    private long nextIndex() {
        return nextK * threadCount + threadIndex;
    }

    private void send(LoadConnection c, long index, long intendedNs, long now) {
        c.intendedNs = intendedNs;
        c.sentNs = now;
        c.busy = true;
        busy++;
        stats(c.intendedNs).sent.increment();
        c.pendingWrite = ByteBuffer.wrap(requests.forMachine((int) (index % requests.machines())));
        try {
            flush(c);
        } catch (IOException e) {
            fail(c, now, false);
        }
    }

    private void flush(LoadConnection c) throws IOException {
        ByteBuffer out = c.pendingWrite;
        if (out == null) {
            c.key.interestOps(SelectionKey.OP_READ);
            return;
        }
        c.channel.write(out);
        if (out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            if ((c.key.interestOps() & SelectionKey.OP_WRITE) != 0) c.key.interestOps(SelectionKey.OP_READ);
            c.pendingWrite = null;
        }
    }

    private void read(LoadConnection c) throws IOException, ResponseParser.Malformed {
        if (c.inLen == c.in.length) c.growInput();
        int n = c.channel.read(ByteBuffer.wrap(c.in, c.inLen, c.in.length - c.inLen));
        if (n < 0) throw new IOException("server closed the connection");
        c.inLen += n;
        while (c.inLen > 0) {
            int length = c.parser.parse(c.in, c.inLen);
            if (length < 0) return;
            if (!c.busy) throw new IOException("response without a request");
            c.consume(length);
            long now = System.nanoTime();
            stats(c.intendedNs).completed(c.parser.status(), c.intendedNs, c.sentNs, now);
            if (c.parser.status() == 200 && now >= schedule.measureFromNs() && now < schedule.endNs()) measured.answeredInWindow.increment();
            finish(c);
            if (c.parser.closeAfter()) {
                reconnect(c);
                return;
            }
        }
    }

    /** Counts the in-flight request (if any) as an error and replaces the connection. */
    private void fail(LoadConnection c, long now, boolean timedOut) {
        if (c.busy) {
            PhaseStats s = stats(c.intendedNs);
            if (timedOut) s.timeouts.increment();
            else s.ioErrors.increment();
            finish(c);
        }
        reconnect(c);
    }

    private void finish(LoadConnection c) {
        c.busy = false;
        busy--;
        c.pendingWrite = null;
        idle.add(c);
    }

    private void reconnect(LoadConnection c) {
        c.close();
        idle.remove(c);
        if (++reconnects > MAX_RECONNECTS_PER_CONNECTION * connections.size()) {
            throw new IllegalStateException("gave up after " + reconnects + " reconnects");
        }
        try {
            c.open(server, selector);
            idle.add(c);
        } catch (IOException e) {
            // The connection stays closed: its remaining requests are reported as unsent.
            failure = "reconnect failed: " + e;
        }
    }

    private PhaseStats stats(long intendedNs) {
        return schedule.measured(intendedNs) ? measured : warmup;
    }
}
