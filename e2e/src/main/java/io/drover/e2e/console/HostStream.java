package io.drover.e2e.console;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A console opened on the host itself, without Drover: QEMU's VNC socket or the serial port's
 * terminal. The benchmark's baseline for the relay, on the same guest in the same run.
 */
public final class HostStream implements ByteStream {
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final AutoCloseable resource;
    private final ByteInbox inbox = new ByteInbox();

    /** Channels, not streams over them: a channel's stream adaptors share one lock, so a waiting read would hold up every write. */
    private HostStream(ReadableByteChannel in, WritableByteChannel out, AutoCloseable resource) {
        this.in = in;
        this.out = out;
        this.resource = resource;
        Thread reader = new Thread(this::pump, "host-stream");
        reader.setDaemon(true);
        reader.start();
    }

    public static HostStream unixSocket(String path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(path));
        return new HostStream(ch, ch, ch);
    }

    /**
     * A pseudo-terminal, read and written through two channels (one channel serialises its reads
     * and writes, and a read waits for the guest); closing them ends a read in progress. This JVM
     * is no session leader, so it takes no controlling terminal.
     */
    public static HostStream terminal(String path) throws IOException {
        FileChannel in = FileChannel.open(Path.of(path), StandardOpenOption.READ);
        FileChannel out = FileChannel.open(Path.of(path), StandardOpenOption.WRITE);
        return new HostStream(in, out, () -> {
            in.close();
            out.close();
        });
    }

    private void pump() {
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        try {
            int n;
            while ((n = in.read(buffer.clear())) >= 0) inbox.add(buffer.array(), 0, n);
            inbox.end("end of stream");
        } catch (IOException e) {
            inbox.end(e.toString());
        }
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) out.write(b);
    }

    @Override
    public byte[] read(int n, Duration timeout) throws Exception {
        return inbox.take(n, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public long received() {
        return inbox.received();
    }

    @Override
    public void awaitByte(long from, byte b, Duration timeout) throws Exception {
        inbox.awaitByte(from, b, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
