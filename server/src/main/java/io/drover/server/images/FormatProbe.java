package io.drover.server.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells qcow2, ISO 9660 and raw apart by their magic bytes, without qemu-img (the server machine
 * may not have it): qcow2 starts with {@code QFI\xfb} and has its virtual size at offset 24; an
 * ISO 9660 image has {@code CD001} at byte 32769 (its first volume descriptor); anything else is raw.
 */
final class FormatProbe {
    static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final long ISO_MAGIC_OFFSET = 32769;
    private static final byte[] ISO_MAGIC = "CD001".getBytes(StandardCharsets.US_ASCII);
    /** magic, version, backing_file_offset, backing_file_size, cluster_bits, size: 32 bytes. */
    private static final int QCOW2_HEADER = 32;

    /**
     * What a file looks like. {@code unusable} is why it cannot be used as its detected format
     * (null when it can); as raw, any file can.
     */
    record Probed(ImageFormat format, long virtualSizeBytes, String unusable) {}

    private FormatProbe() {}

    static Probed probe(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, QCOW2_HEADER);
            if (startsWith(head, QCOW2_MAGIC)) return qcow2(head);
            if (startsWith(read(ch, ISO_MAGIC_OFFSET, ISO_MAGIC.length), ISO_MAGIC)) return new Probed(ImageFormat.ISO, size, null);
            return new Probed(ImageFormat.RAW, size, null);
        }
    }

    private static Probed qcow2(ByteBuffer head) {
        if (head.limit() < QCOW2_HEADER) return new Probed(ImageFormat.QCOW2, 0, "the qcow2 header is truncated");
        int version = head.getInt(4);
        long backingFileOffset = head.getLong(8);
        long virtualSize = head.getLong(24); // big-endian, as ByteBuffer reads by default
        if (version != 2 && version != 3) return new Probed(ImageFormat.QCOW2, 0, "qcow2 version " + version + " is not supported (2 or 3)");
        if (virtualSize < 0) return new Probed(ImageFormat.QCOW2, 0, "the qcow2 virtual size is out of range");
        // Agents fetch only this one file; a backing file would be missing on the host.
        if (backingFileOffset != 0) {
            return new Probed(ImageFormat.QCOW2, virtualSize, "the qcow2 image has a backing file; make a standalone one with qemu-img convert");
        }
        return new Probed(ImageFormat.QCOW2, virtualSize, null);
    }

    /** Up to {@code length} bytes at {@code offset}, fewer at the end of the file; flipped for reading. */
    private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
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
