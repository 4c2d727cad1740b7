package io.drover.server.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HexFormat;

/**
 * Reads a qcow2 header and its header extensions (QEMU's docs/interop/qcow2.txt) and says why the
 * image cannot be a base image. A base image must stand alone: QEMU opens a backing file or an
 * external data file named in the header on the host that runs the VM, so an upload naming
 * {@code /etc/shadow} or the host's key would give the guest that file. An incompatible feature
 * bit unknown here could change how the image is read, so it is refused too.
 */
final class Qcow2Header {
    /** What the header says: the virtual size, and why the image is unusable (null when it is usable). */
    record Read(long virtualSizeBytes, String unusable) {}

    private static final int V2_LENGTH = 72;
    private static final int V3_LENGTH = 104;
    private static final int MIN_CLUSTER_BITS = 9;
    private static final int MAX_CLUSTER_BITS = 21;

    static final long INCOMPAT_DIRTY = 1;
    static final long INCOMPAT_CORRUPT = 1 << 1;
    static final long INCOMPAT_DATA_FILE = 1 << 2;
    static final long INCOMPAT_COMPRESSION = 1 << 3;
    static final long INCOMPAT_EXTENDED_L2 = 1 << 4;
    /** Bits that only change how clusters are read from this one file. */
    private static final long INCOMPAT_HARMLESS = INCOMPAT_DIRTY | INCOMPAT_COMPRESSION | INCOMPAT_EXTENDED_L2;

    static final int EXT_END = 0;
    static final int EXT_BACKING_FORMAT = 0xe2792aca;
    static final int EXT_DATA_FILE = 0x44415441;
    static final int EXT_ENCRYPTION = 0x0537be77;

    private Qcow2Header() {}

    /** Reads the header of a file that starts with the qcow2 magic. */
    static Read read(FileChannel ch) throws IOException {
        ByteBuffer h = FormatProbe.read(ch, 0, V3_LENGTH);
        if (h.limit() < 32) return unusable(0, "the qcow2 header is truncated");
        int version = h.getInt(4);
        long virtualSize = h.getLong(24); // big-endian, as ByteBuffer reads by default
        if (version != 2 && version != 3) return unusable(0, "qcow2 version " + version + " is not supported (2 or 3)");
        if (virtualSize < 0) return unusable(0, "the qcow2 virtual size is out of range");
        if (h.getLong(8) != 0 || h.getInt(16) != 0) return backing(virtualSize);
        if (h.limit() < (version == 2 ? V2_LENGTH : V3_LENGTH)) return unusable(virtualSize, "the qcow2 header is truncated");
        int clusterBits = h.getInt(20);
        if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
            return unusable(virtualSize, "the qcow2 cluster size 2^" + clusterBits + " is out of range");
        }
        if (h.getInt(32) != 0) return unusable(virtualSize, "the qcow2 image is encrypted; a base image cannot be");
        int headerLength = V2_LENGTH;
        if (version == 3) {
            long incompatible = h.getLong(72);
            if ((incompatible & INCOMPAT_DATA_FILE) != 0) return dataFile(virtualSize);
            if ((incompatible & INCOMPAT_CORRUPT) != 0) return unusable(virtualSize, "the qcow2 image is marked corrupt");
            long unknown = incompatible & ~INCOMPAT_HARMLESS;
            if (unknown != 0) {
                return unusable(virtualSize, "the qcow2 image has incompatible feature bits unknown to Drover (0x"
                        + Long.toHexString(unknown) + "); convert it with qemu-img convert -O qcow2");
            }
            headerLength = h.getInt(100);
            if (headerLength < V3_LENGTH) return unusable(virtualSize, "the qcow2 header length " + headerLength + " is too short");
        }
        return extensions(ch, virtualSize, headerLength, 1 << clusterBits);
    }

    /** Walks the header extensions, which lie between the header and the end of the first cluster. */
    private static Read extensions(FileChannel ch, long virtualSize, int headerLength, int clusterSize) throws IOException {
        if (headerLength > clusterSize) return unusable(virtualSize, "the qcow2 header is longer than a cluster");
        ByteBuffer area = FormatProbe.read(ch, 0, clusterSize);
        for (long at = headerLength; ; ) {
            if (at + 8 > area.limit()) return unusable(virtualSize, "the qcow2 header extensions have no end marker");
            int type = area.getInt((int) at);
            long length = Integer.toUnsignedLong(area.getInt((int) at + 4));
            if (type == EXT_END) return new Read(virtualSize, null);
            if (type == EXT_BACKING_FORMAT) return backing(virtualSize);
            if (type == EXT_DATA_FILE) return dataFile(virtualSize);
            if (type == EXT_ENCRYPTION) return unusable(virtualSize, "the qcow2 image is encrypted; a base image cannot be");
            long next = at + 8 + ((length + 7) & ~7L);
            if (next > area.limit()) {
                return unusable(virtualSize, "the qcow2 header extension 0x" + HexFormat.of().toHexDigits(type) + " runs past the first cluster");
            }
            at = next; // other extensions (feature names, bitmaps) do not name files
        }
    }

    private static Read backing(long virtualSize) {
        return unusable(virtualSize, "the qcow2 image has a backing file; make a standalone one with qemu-img convert");
    }

    private static Read dataFile(long virtualSize) {
        return unusable(virtualSize, "the qcow2 image names an external data file; make a standalone one with qemu-img convert -O qcow2");
    }

    private static Read unusable(long virtualSize, String why) {
        return new Read(virtualSize, why);
    }
}
