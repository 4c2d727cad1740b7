package io.drover.server.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stream of {@code size} pseudo-random bytes, the same for the same seed, made as it is read
 * (a 200 MiB body never exists in the test's memory either). {@code atHalf} runs once when half
 * of it has been read, e.g. to look at the server's side mid-upload.
 */
final class Noise extends InputStream {
    private final long size;
    private final Runnable atHalf;
    private long state;
    private long position;
    private boolean halfDone;

    Noise(long size, long seed, Runnable atHalf) {
        this.size = size;
        this.state = seed | 1;
        this.atHalf = atHalf;
    }

    Noise(long size, long seed) {
        this(size, seed, null);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) return -1;
        if (atHalf != null && !halfDone && position >= size / 2) {
            halfDone = true;
            atHalf.run();
        }
        long limit = atHalf != null && !halfDone ? size / 2 : size;
        int n = (int) Math.min(len, limit - position);
        for (int i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            b[off + i] = (byte) state;
        }
        position += n;
        return n;
    }

    static String sha256(long size, long seed) {
        try (InputStream in = new Noise(size, seed)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Noise(size, seed).read(b, 0, size);
        return b;
    }
}
