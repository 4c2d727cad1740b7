package io.drover.agent.consoles;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A VM's display: QEMU's VNC server on a unix socket (how the agent defines VMs) or, for older definitions, on loopback. */
final class SocketConsole implements ConsoleChannel {
    private final SocketChannel channel;

    private SocketConsole(SocketChannel channel) {
        this.channel = channel;
    }

    static SocketConsole unix(String path) throws IOException {
        return connect(SocketChannel.open(StandardProtocolFamily.UNIX), UnixDomainSocketAddress.of(path));
    }

    static SocketConsole loopback(int port) throws IOException {
        return connect(SocketChannel.open(), new InetSocketAddress("127.0.0.1", port));
    }

    private static SocketConsole connect(SocketChannel channel, SocketAddress address) throws IOException {
        try {
            channel.connect(address);
            return new SocketConsole(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer) {
        try {
            return channel.read(ByteBuffer.wrap(buffer));
        } catch (IOException e) {
            return -1; // closed here or by QEMU: either way the console has ended
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        while (b.hasRemaining()) channel.write(b);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
