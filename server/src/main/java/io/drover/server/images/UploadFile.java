package io.drover.server.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload on its way to disk: bytes go to a temp file in the images dir and through SHA-256 as
 * they arrive, so an image of any size costs one buffer of memory. Closing it without
 * {@link #keepAs} deletes the temp file: a failed or broken-off upload leaves nothing behind.
 */
final class UploadFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UploadFile.class);
    /** Temp files end with this; the images dir is swept of them at start (a crash mid-upload). */
    static final String SUFFIX = ".part";
    static final int BUFFER = 256 * 1024;

    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest sha256 = newSha256();
    private final long limitBytes;
    private long size;
    private boolean kept;

    private UploadFile(Path temp, long limitBytes) throws IOException {
        this.temp = temp;
        this.limitBytes = limitBytes;
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    static UploadFile create(Path imagesDir, long limitBytes) {
        try {
            return new UploadFile(imagesDir.resolve(".upload-" + UUID.randomUUID() + SUFFIX), limitBytes);
        } catch (IOException e) {
            throw new UploadNotStored("could not create an upload file in " + imagesDir + ": " + e.getMessage());
        }
    }

    /** Appends the rest of {@code buffer}; {@link UploadTooLarge} past the limit, {@link UploadNotStored} when the disk fails. */
    void write(ByteBuffer buffer) {
        size += buffer.remaining();
        if (size > limitBytes) throw new UploadTooLarge(limitBytes);
        sha256.update(buffer.duplicate());
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
        } catch (IOException e) {
            throw new UploadNotStored("could not write the upload: " + e.getMessage());
        }
    }

    /** Copies {@code in} to the end; a read failure (the client went away) is {@link UploadIncomplete}. */
    void copyFrom(InputStream in) {
        byte[] buffer = new byte[BUFFER];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new UploadIncomplete("the upload broke off after " + size + " bytes: " + e.getMessage());
            }
            if (n < 0) return;
            write(ByteBuffer.wrap(buffer, 0, n));
        }
    }

    long size() {
        return size;
    }

    String sha256Hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in the JDK", e);
        }
    }

    /** The temp file, complete; for probing its format before it is kept. */
    Path path() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UploadNotStored("could not write the upload: " + e.getMessage());
        }
        return temp;
    }

    /** Moves the finished file to {@code target} (same directory, so the move is atomic). */
    void keepAs(Path target) {
        try {
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            kept = true;
        } catch (IOException e) {
            throw new UploadNotStored("could not store the upload as " + target + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            if (!kept) Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The request has its own outcome; a leftover temp file is swept at the next start.
            log.warn("could not remove the upload file {}: {}", temp, e.toString());
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
