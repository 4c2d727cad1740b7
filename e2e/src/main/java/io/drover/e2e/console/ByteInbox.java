package io.drover.e2e.console;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/** Bytes as they arrive on one thread, taken in order on another; the consumed front is dropped as it goes. */
final class ByteInbox {
    private byte[] buffer = new byte[64 << 10];
    private int start, end;
    /** Bytes dropped from the buffer's front so far: {@code dropped + i} is the stream position of {@code buffer[i]}. */
    private long dropped;
    private String endedBecause;
    /** Everything ever received, as text, for tests that wait for words (kept only while small). */
    private final StringBuilder text = new StringBuilder();

    synchronized void add(byte[] bytes, int offset, int length) {
        if (end + length > buffer.length) {
            int live = end - start;
            byte[] next = live + length > buffer.length ? new byte[Math.max(buffer.length * 2, live + length)] : buffer;
            System.arraycopy(buffer, start, next, 0, live);
            buffer = next;
            dropped += start;
            start = 0;
            end = live;
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
        if (text.length() < (1 << 20)) text.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
        notifyAll();
    }

    synchronized void end(String why) {
        endedBecause = why;
        notifyAll();
    }

    synchronized byte[] take(int n, long deadlineNanos) throws InterruptedException, TimeoutException {
        while (end - start < n) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || endedBecause != null) {
                throw new TimeoutException("wanted " + n + " bytes, have " + (end - start) + (endedBecause == null ? "" : "; ended: " + endedBecause));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        byte[] out = Arrays.copyOfRange(buffer, start, start + n);
        start += n;
        return out;
    }

    /** How many bytes have arrived so far, in all. */
    synchronized long received() {
        return dropped + end;
    }

    /** Waits until byte {@code b} arrives at a stream position at or after {@code from} (bytes not yet taken). */
    synchronized void awaitByte(long from, byte b, long deadlineNanos) throws InterruptedException, TimeoutException {
        long next = Math.max(from, dropped + start);
        while (true) {
            for (; next < dropped + end; next++) if (buffer[(int) (next - dropped)] == b) return;
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || endedBecause != null) throw new TimeoutException("no byte " + b + " arrived");
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized String text() {
        return text.toString();
    }
}
