package io.drover.agent.consoles;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A VM's serial port: the pseudo-terminal QEMU holds for it, opened as libvirt's console stream
 * would (libvirt-java 0.5.4 has no {@code virDomainOpenConsole}). It is opened with
 * {@code O_NOCTTY} through libc, which Java's file API cannot ask for: without it an agent that
 * leads its session (as under systemd) would take the guest's terminal as its own and be hung up
 * when the VM stops. Reads wait in {@code poll} with a short timeout so that {@link #close} ends
 * them.
 */
final class Pty implements ConsoleChannel {
    /** What libvirt reports as a domain's pty; anything else is refused before it is opened. */
    static final Pattern PATH = Pattern.compile("/dev/pts/[0-9]{1,6}");
    private static final int O_RDWR = 2, O_NOCTTY = 0400, O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    private static final short POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 16;
    private static final int EAGAIN = 11, EINTR = 4;
    private static final int POLL_MS = 200;

    interface Libc extends Library {
        int open(String path, int flags);

        int read(int fd, byte[] buffer, long count);

        int write(int fd, byte[] buffer, long count);

        int poll(Pointer fds, long count, int timeoutMs);

        int close(int fd);
    }

    private static volatile Libc libc;

    private final int fd;
    private volatile boolean closed;
    private boolean reading, released; // guarded by this

    private Pty(int fd) {
        this.fd = fd;
    }

    static Pty open(String path) throws IOException {
        if (!PATH.matcher(path).matches()) throw new IOException("not a pseudo-terminal: " + path);
        int fd = libc().open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) throw new IOException("cannot open " + path + ": errno " + Native.getLastError());
        return new Pty(fd);
    }

    @Override
    public int read(byte[] buffer) {
        synchronized (this) {
            if (closed) return -1;
            reading = true;
        }
        try {
            while (!closed) {
                short revents = poll(POLLIN);
                if (revents == 0) continue;
                int n = libc().read(fd, buffer, buffer.length);
                if (n > 0) return n;
                if (n == 0) return -1;
                int errno = Native.getLastError();
                if (errno != EAGAIN && errno != EINTR) return -1; // EIO: QEMU let go of the terminal, the VM stopped
                if ((revents & (POLLHUP | POLLERR)) != 0) return -1;
            }
            return -1;
        } finally {
            synchronized (this) {
                reading = false;
                if (closed) release();
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        byte[] rest = Arrays.copyOfRange(bytes, offset, offset + length);
        int done = 0;
        while (done < rest.length) {
            if (closed) throw new IOException("the serial console is closed");
            byte[] chunk = done == 0 ? rest : Arrays.copyOfRange(rest, done, rest.length);
            int n = libc().write(fd, chunk, chunk.length);
            if (n > 0) {
                done += n;
                continue;
            }
            int errno = Native.getLastError();
            if (errno != EAGAIN && errno != EINTR) throw new IOException("cannot write to the serial console: errno " + errno);
            if ((poll(POLLOUT) & (POLLHUP | POLLERR)) != 0) throw new IOException("the serial console has ended");
        }
    }

    /** The events on the terminal within {@link #POLL_MS}; 0 when none. */
    private short poll(short events) {
        try (Memory pollfd = new Memory(8)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, events);
            pollfd.setShort(6, (short) 0);
            int n = libc().poll(pollfd, 1, POLL_MS);
            return n > 0 ? pollfd.getShort(6) : 0;
        }
    }

    /**
     * Ends the console. A read in another thread sees it within {@link #POLL_MS} and lets go of
     * the descriptor itself, so the number is never closed (and reused) under it.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (!reading) release();
    }

    /** Closes the descriptor once; called with the lock held. */
    private void release() {
        if (released) return;
        released = true;
        libc().close(fd);
    }

    private static Libc libc() {
        Libc l = libc;
        if (l == null) {
            synchronized (Pty.class) {
                if (libc == null) libc = Native.load("c", Libc.class);
                l = libc;
            }
        }
        return l;
    }
}
