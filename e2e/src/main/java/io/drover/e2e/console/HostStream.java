package io.drover.e2e.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A console opened on the host itself, without Drover: QEMU's VNC socket or the serial port's
 * terminal. The benchmark's baseline for the relay, on the same guest in the same run.
 */
public final class HostStream implements ByteStream {
    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable resource;
    private final ByteInbox inbox = new ByteInbox();

    private HostStream(InputStream in, OutputStream out, AutoCloseable resource) {
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
        return new HostStream(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
    }

    /** A pseudo-terminal: read in this process's own thread; this JVM is no session leader, so it takes no controlling terminal. */
    public static HostStream terminal(String path) throws IOException {
        RandomAccessFile f = new RandomAccessFile(path, "rw");
        return new HostStream(Channels.newInputStream(f.getChannel()), Channels.newOutputStream(f.getChannel()), f);
    }

    private void pump() {
        byte[] buffer = new byte[64 << 10];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) inbox.add(buffer, 0, n);
            inbox.end("end of stream");
        } catch (IOException e) {
            inbox.end(e.toString());
        }
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
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
