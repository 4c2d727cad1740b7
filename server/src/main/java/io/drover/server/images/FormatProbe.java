package io.drover.server.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells qcow2, ISO 9660 and raw apart by their magic bytes, without qemu-img (the server machine
 * may not have it): qcow2 starts with {@code QFI\xfb} (its header is read by {@link Qcow2Header});
 * an ISO 9660 image has {@code CD001} at byte 32769 (its first volume descriptor); anything else is
 * raw. A file that is both (a polyglot) is refused whatever format is claimed: one program would
 * read it as the other.
 */
final class FormatProbe {
    static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final long ISO_MAGIC_OFFSET = 32769;
    private static final byte[] ISO_MAGIC = "CD001".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a file looks like. {@code unusable} is why it cannot be used as its detected format
     * (null when it can); as raw, any file can, unless it is a {@code polyglot}.
     */
    record Probed(ImageFormat format, long virtualSizeBytes, String unusable, boolean polyglot) {
        Probed(ImageFormat format, long virtualSizeBytes, String unusable) {
            this(format, virtualSizeBytes, unusable, false);
        }
    }

    private FormatProbe() {}

    static Probed probe(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            boolean qcow2 = startsWith(read(ch, 0, QCOW2_MAGIC.length), QCOW2_MAGIC);
            boolean iso = startsWith(read(ch, ISO_MAGIC_OFFSET, ISO_MAGIC.length), ISO_MAGIC);
            if (qcow2 && iso) {
                return new Probed(ImageFormat.QCOW2, 0, "the file is both a qcow2 image and an ISO 9660 image; it is refused as either", true);
            }
            if (qcow2) {
                Qcow2Header.Read header = Qcow2Header.read(ch);
                return new Probed(ImageFormat.QCOW2, header.virtualSizeBytes(), header.unusable());
            }
            if (iso) return new Probed(ImageFormat.ISO, size, null);
            return new Probed(ImageFormat.RAW, size, null);
        }
    }

    /** Up to {@code length} bytes at {@code offset}, fewer at the end of the file; flipped for reading. */
    static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, offset + buffer.position()) < 0) break;
        }
        return buffer.flip();
    }

    private static boolean startsWith(ByteBuffer buffer, byte[] magic) {
        if (buffer.limit() < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if (buffer.get(i) != magic[i]) return false;
        }
        return true;
    }
}
