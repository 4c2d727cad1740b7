package io.drover.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One keep-alive connection of the heartbeat load. With HTTP/1.1 and no pipelining it has at most
 * one request in flight; {@link HeartbeatDriver} gives each due request to an idle connection.
 */
final class LoadConnection {
    boolean busy;
    long intendedNs;
    long sentNs;
    ByteBuffer pendingWrite;
    byte[] in = new byte[16 * 1024];
    int inLen;
    final ResponseParser parser = new ResponseParser();
    SocketChannel channel;
    SelectionKey key;

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
        in = Arrays.copyOf(in, in.length * 2);
    }
}
