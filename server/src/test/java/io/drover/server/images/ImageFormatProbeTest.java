package io.drover.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection from magic bytes, and which explicit formats are allowed. */
class ImageFormatProbeTest {
    @TempDir
    Path tmp;

    /** A qcow2 header as qemu-img writes it (64 KiB clusters, no extensions), followed by some clusters. */
    static byte[] qcow2(int version, long virtualSize, long backingFileOffset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length); // big-endian
        b.put(FormatProbe.QCOW2_MAGIC).putInt(version).putLong(backingFileOffset).putInt(0).putInt(16).putLong(virtualSize);
        if (version == 3 && length >= 104) b.putInt(100, 104); // header_length
        return b.array();
    }

    @Test
    void realQcow2ImagesFromQemuImgAreReadAsQemuWroteThem() throws Exception {
        Path plain = tmp.resolve("plain.qcow2");
        HostileImages.qemuImg("qemu-img", "create", "-q", "-f", "qcow2", plain.toString(), "3G");
        assertThat(FormatProbe.probe(plain)).isEqualTo(new FormatProbe.Probed(ImageFormat.QCOW2, 3L << 30, null));
        Path compat = tmp.resolve("v2-zstd-l2.qcow2");
        HostileImages.qemuImg("qemu-img", "create", "-q", "-f", "qcow2", "-o", "compat=0.10", compat.toString(), "1G");
        assertThat(FormatProbe.probe(compat).unusable()).as("qcow2 v2").isNull();
        Path features = tmp.resolve("zstd-l2.qcow2");
        HostileImages.qemuImg("qemu-img", "create", "-q", "-f", "qcow2", "-o", "compression_type=zstd,extended_l2=on,cluster_size=128k", features.toString(), "1G");
        assertThat(FormatProbe.probe(features).unusable()).as("known harmless incompatible features").isNull();
    }

    @Test
    void aRealQcow2NamingAHostFileAsDataFileOrBackingFileIsRefused() throws Exception {
        FormatProbe.Probed dataFile = FormatProbe.probe(file("x", HostileImages.qcow2NamingDataFile(tmp, "/etc/shadow")));
        assertThat(dataFile.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(dataFile.unusable()).contains("external data file");
        assertThatThrownBy(() -> ImageRegistration.decide(dataFile, null, 4096)).isInstanceOf(UnusableImage.class);
        assertThatThrownBy(() -> ImageRegistration.decide(dataFile, ImageFormat.QCOW2, 4096)).isInstanceOf(UnusableImage.class);
        FormatProbe.Probed backed = FormatProbe.probe(file("y", HostileImages.qcow2WithBackingFile(tmp, "/etc/shadow")));
        assertThat(backed.unusable()).contains("backing file");
    }

    @Test
    void theDataFileExtensionOrAnUnknownIncompatibleBitAloneIsRefused() throws Exception {
        byte[] withData = HostileImages.qcow2NamingDataFile(tmp, "/etc/shadow");
        ByteBuffer.wrap(withData).putLong(72, ByteBuffer.wrap(withData).getLong(72) & ~Qcow2Header.INCOMPAT_DATA_FILE);
        assertThat(FormatProbe.probe(file("ext-only", withData)).unusable()).as("the extension without its bit").contains("external data file");
        Path plain = tmp.resolve("plain.qcow2");
        HostileImages.qemuImg("qemu-img", "create", "-q", "-f", "qcow2", plain.toString(), "1M");
        byte[] unknown = Files.readAllBytes(plain);
        ByteBuffer.wrap(unknown).putLong(72, 1L << 40);
        assertThat(FormatProbe.probe(file("unknown-bit", unknown)).unusable()).contains("incompatible feature bits unknown").contains("0x10000000000");
        byte[] corrupt = Files.readAllBytes(plain);
        ByteBuffer.wrap(corrupt).putLong(72, Qcow2Header.INCOMPAT_CORRUPT);
        assertThat(FormatProbe.probe(file("corrupt", corrupt)).unusable()).contains("corrupt");
        byte[] endless = Files.readAllBytes(plain);
        int extensions = ByteBuffer.wrap(endless).getInt(100); // header_length
        ByteBuffer.wrap(endless).putInt(extensions, 0x12345678).putInt(extensions + 4, 1 << 20);
        assertThat(FormatProbe.probe(file("endless", endless)).unusable()).contains("runs past the first cluster");
    }

    @Test
    void anIsoQcow2PolyglotIsRefusedWhateverFormatIsClaimed() throws Exception {
        FormatProbe.Probed polyglot = FormatProbe.probe(file("p", HostileImages.isoQcow2Polyglot(tmp)));
        assertThat(polyglot.polyglot()).isTrue();
        for (ImageFormat claimed : new ImageFormat[] {null, ImageFormat.QCOW2, ImageFormat.ISO, ImageFormat.RAW}) {
            assertThatThrownBy(() -> ImageRegistration.decide(polyglot, claimed, 40_960)).as(String.valueOf(claimed))
                    .isInstanceOf(UnusableImage.class).hasMessageContaining("both a qcow2 image and an ISO 9660 image");
        }
    }

    Path file(String name, byte[] bytes) throws Exception {
        return Files.write(tmp.resolve(name), bytes);
    }

    @Test
    void qcow2IsKnownByItsMagicAndTellsItsVirtualSize() throws Exception {
        long tenGiB = 10L << 30;
        FormatProbe.Probed v3 = FormatProbe.probe(file("v3.qcow2", qcow2(3, tenGiB, 0, 196_608)));
        assertThat(v3).isEqualTo(new FormatProbe.Probed(ImageFormat.QCOW2, tenGiB, null));
        assertThat(FormatProbe.probe(file("v2.qcow2", qcow2(2, 1L << 40, 0, 512))).virtualSizeBytes()).isEqualTo(1L << 40);
    }

    @Test
    void aQcow2ThatCannotBeABaseImageSaysWhy() throws Exception {
        assertThat(FormatProbe.probe(file("backing.qcow2", qcow2(3, 1 << 20, 512, 1024))).unusable()).contains("backing file");
        assertThat(FormatProbe.probe(file("v9.qcow2", qcow2(9, 1 << 20, 0, 1024))).unusable()).contains("version 9");
        assertThat(FormatProbe.probe(file("short.qcow2", new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0})).unusable()).contains("truncated");
        assertThat(FormatProbe.probe(file("huge.qcow2", qcow2(3, -1, 0, 64))).unusable()).contains("out of range");
    }

    @Test
    void isoIsKnownByCd001AtByte32769() throws Exception {
        byte[] iso = new byte[40_960];
        iso[32768] = 1; // primary volume descriptor
        System.arraycopy("CD001".getBytes(), 0, iso, 32769, 5);
        assertThat(FormatProbe.probe(file("x.iso", iso))).isEqualTo(new FormatProbe.Probed(ImageFormat.ISO, 40_960, null));
        byte[] shifted = new byte[40_960];
        System.arraycopy("CD001".getBytes(), 0, shifted, 32770, 5);
        assertThat(FormatProbe.probe(file("not.iso", shifted)).format()).isEqualTo(ImageFormat.RAW);
    }

    @Test
    void anythingElseIsRawWithItsFileSize() throws Exception {
        assertThat(FormatProbe.probe(file("disk.img", Noise.bytes(5000, 7)))).isEqualTo(new FormatProbe.Probed(ImageFormat.RAW, 5000, null));
        assertThat(FormatProbe.probe(file("tiny", new byte[] {'Q', 'F'})).format()).isEqualTo(ImageFormat.RAW);
        assertThat(FormatProbe.probe(file("empty", new byte[0]))).isEqualTo(new FormatProbe.Probed(ImageFormat.RAW, 0, null));
    }

    @Test
    void anExplicitFormatMustAgreeWithTheFileExceptRaw() {
        FormatProbe.Probed qcow2 = new FormatProbe.Probed(ImageFormat.QCOW2, 1 << 30, null);
        FormatProbe.Probed raw = new FormatProbe.Probed(ImageFormat.RAW, 4096, null);
        FormatProbe.Probed backed = new FormatProbe.Probed(ImageFormat.QCOW2, 1 << 30, "the qcow2 image has a backing file");
        assertThat(ImageRegistration.decide(qcow2, null, 4096)).isEqualTo(ImageFormat.QCOW2);
        assertThat(ImageRegistration.decide(qcow2, ImageFormat.QCOW2, 4096)).isEqualTo(ImageFormat.QCOW2);
        assertThat(ImageRegistration.decide(qcow2, ImageFormat.RAW, 4096)).isEqualTo(ImageFormat.RAW);
        assertThat(ImageRegistration.decide(backed, ImageFormat.RAW, 4096)).as("as raw, any file will do").isEqualTo(ImageFormat.RAW);
        assertThatThrownBy(() -> ImageRegistration.decide(raw, ImageFormat.QCOW2, 4096)).isInstanceOf(FormatMismatch.class)
                .hasMessageContaining("format qcow2 was given but the file is raw");
        assertThatThrownBy(() -> ImageRegistration.decide(qcow2, ImageFormat.ISO, 4096)).isInstanceOf(FormatMismatch.class);
        assertThatThrownBy(() -> ImageRegistration.decide(backed, null, 4096)).isInstanceOf(UnusableImage.class);
        assertThatThrownBy(() -> ImageRegistration.decide(raw, ImageFormat.RAW, 0)).isInstanceOf(UnusableImage.class)
                .hasMessageContaining("empty");
    }
}
