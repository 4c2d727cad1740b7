package io.drover.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Images made by the real qemu-img that try to read the host's files (issue 10, finding 1), for
 * the probe's tests, the image API's and the hostile request corpus.
 */
public final class HostileImages {
    private HostileImages() {}

    /** Runs qemu-img (the real one: the probe must agree with what QEMU writes and reads). */
    public static void qemuImg(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
    }

    /**
     * The attack of issue 10, finding 1: a qcow2 made by qemu-img with an external raw data file,
     * whose name in the header is then replaced by {@code hostFile} (as an attacker edits it to
     * /etc/shadow); the name must have the decoy's length, so {@code hostFile} is padded with slashes.
     */
    public static byte[] qcow2NamingDataFile(Path dir, String hostFile) throws Exception {
        Path decoy = dir.resolve("decoy-data-file-" + "x".repeat(Math.max(0, hostFile.length() - dir.toString().length() - 17)));
        Path image = dir.resolve("data-file.qcow2");
        qemuImg("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + decoy + ",data_file_raw=on", image.toString(), "1M");
        byte[] bytes = Files.readAllBytes(image);
        byte[] from = decoy.toString().getBytes(StandardCharsets.US_ASCII);
        String padded = "/".repeat(from.length - hostFile.length()) + hostFile;
        int at = indexOf(bytes, from);
        assertThat(at).as("the data file's name in the header").isPositive();
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, from.length);
        return bytes;
    }

    /** A qcow2 made by qemu-img on a backing file. */
    public static byte[] qcow2WithBackingFile(Path dir, String backingFile) throws Exception {
        Path image = dir.resolve("backed.qcow2");
        qemuImg("qemu-img", "create", "-q", "-f", "qcow2", "-u", "-b", backingFile, "-F", "raw", image.toString(), "1M");
        return Files.readAllBytes(image);
    }

    /** A qcow2 made by qemu-img that also carries an ISO 9660 volume descriptor at byte 32768. */
    public static byte[] isoQcow2Polyglot(Path dir) throws Exception {
        Path image = dir.resolve("polyglot.qcow2");
        qemuImg("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1M");
        byte[] bytes = Arrays.copyOf(Files.readAllBytes(image), Math.max(40_960, (int) Files.size(image)));
        bytes[32768] = 1;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, bytes, 32769, 5);
        return bytes;
    }

    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
