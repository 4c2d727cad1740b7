package io.drover.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One loader thread: a selector over its share of the connections. It sends each request when the
 * timetable says (or as soon as its connection is free, if late), parses just the status line and
 * framing of the answer, and records the latency from the intended time in the phase's stats.
 */
final class HeartbeatDriver implements Runnable {
    private static final long DRAIN_NS = 5_000_000_000L;
    private static final int MAX_RECONNECTS_PER_CONNECTION = 20;

    private final InetSocketAddress server;
    private final HeartbeatRequests requests;
    private final Schedule schedule;
    private final int connectionCount;
    private final long timeoutNs;
    private final PhaseStats warmup;
    private final PhaseStats measured;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final PriorityQueue<LoadConnection> idle =
            new PriorityQueue<>(Comparator.comparingLong((LoadConnection c) -> c.nextIntendedNs));
    private final Selector selector;
    private int busy;
    private int reconnects;
    private volatile String failure;

    HeartbeatDriver(InetSocketAddress server, HeartbeatRequests requests, Schedule schedule, int connectionCount,
                    List<Integer> slots, long timeoutNs, PhaseStats warmup, PhaseStats measured) throws IOException {
        this.server = server;
        this.requests = requests;
        this.schedule = schedule;
        this.connectionCount = connectionCount;
        this.timeoutNs = timeoutNs;
        this.warmup = warmup;
        this.measured = measured;
        this.selector = Selector.open();
        for (int slot : slots) {
            LoadConnection c = new LoadConnection(slot);
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
            for (LoadConnection c : connections) {
                c.nextIntendedNs = schedule.intendedNs(c.slot);
                idle.add(c);
            }
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
            while (!idle.isEmpty() && idle.peek().nextIntendedNs <= now) {
                LoadConnection c = idle.poll();
                if (c.nextIntendedNs >= schedule.endNs()) continue; // its part of the timetable is done
                send(c, now);
            }
            if (idle.isEmpty() && busy == 0) return;
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
            if (select(idle.isEmpty() ? 100_000_000L : idle.peek().nextIntendedNs - System.nanoTime()) == 0) continue;
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

    private void send(LoadConnection c, long now) throws IOException {
        long index = c.seq * connectionCount + c.slot;
        c.intendedNs = c.nextIntendedNs;
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
        c.seq++;
        c.nextIntendedNs = schedule.intendedNs(c.seq * connectionCount + c.slot);
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
