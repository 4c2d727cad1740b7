package io.drover.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection of the heartbeat load and its place in the timetable. Connection
 * {@code slot} of {@code C} sends the requests {@code slot, slot + C, slot + 2C, ...}; with HTTP/1.1
 * and no pipelining it has at most one in flight, so a slow answer delays its next requests, and
 * that delay counts in their latency because it is measured from their intended time.
 */
final class LoadConnection {
    final int slot;
    /** Requests sent (or given up) on this connection so far; the next global index is seq * C + slot. */
    long seq;
    boolean busy;
    long intendedNs;
    long sentNs;
    long nextIntendedNs;
    ByteBuffer pendingWrite;
    byte[] in = new byte[16 * 1024];
    int inLen;
    final ResponseParser parser = new ResponseParser();
    SocketChannel channel;
    SelectionKey key;

    LoadConnection(int slot) {
        this.slot = slot;
    }

    void open(InetSocketAddress server, Selector selector) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(server, 5_000);
            ch.configureBlocking(false);
            key = ch.register(selector, SelectionKey.OP_READ, this);
            channel = ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        inLen = 0;
        pendingWrite = null;
        busy = false;
    }

    void close() {
        if (key != null) key.cancel();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a broken connection; nothing to report
            }
        }
        channel = null;
        key = null;
    }

    /** Drops the first {@code n} buffered bytes (one parsed response). */
    void consume(int n) {
        System.arraycopy(in, n, in, 0, inLen - n);
        inLen -= n;
    }

    void growInput() {
        if (in.length >= 4 * 1024 * 1024) throw new IllegalStateException("response larger than 4 MiB");
        in = java.util.Arrays.copyOf(in, in.length * 2);
    }
}
