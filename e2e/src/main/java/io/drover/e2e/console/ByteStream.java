package io.drover.e2e.console;

import java.time.Duration;

/** Bytes both ways, read in order: the console relay's WebSocket, or (in the benchmark) QEMU's own socket. */
public interface ByteStream extends AutoCloseable {
    void send(byte[] bytes) throws Exception;

    /** Exactly {@code n} bytes, after those read before; waits up to {@code timeout}. */
    byte[] read(int n, Duration timeout) throws Exception;

    /** How many bytes have arrived so far, in all (read or not). */
    long received();

    /** Waits until byte {@code b} arrives at or after stream position {@code from} (see {@link #received}). */
    void awaitByte(long from, byte b, Duration timeout) throws Exception;
}
