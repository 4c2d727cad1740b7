package io.drover.agent.vms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.drover.protocol.link.ImageRef;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue 10, finding 1, with real qemu-img: a server (or anyone who got an image
 * registered) serves a qcow2 whose header names a file of the host as its external data file or
 * as its backing file. The cache must refuse it, so no VM disk is made on it and the guest never
 * reads the host's file. The "host file" is a temp file standing in for /etc/shadow or host.pem.
 */
class PoisonedImageTest {
    static final byte[] SECRET = "root:$6$host-shadow-line-the-guest-must-never-see:19000:0:99999:7:::\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    HttpServer server;
    URI base;
    volatile byte[] served;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/images/", ex -> {
            ex.sendResponseHeaders(200, served.length);
            ex.getResponseBody().write(served);
            ex.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static void qemuImg(String... args) throws Exception {
        Tool.run(List.of(args), null, Duration.ofSeconds(60));
    }

    /**
     * A qcow2 made by qemu-img with an external raw data file, whose file name in the header is
     * then replaced by {@code hostFile} (same length), as an attacker edits it to /etc/shadow.
     */
    static byte[] withDataFile(Path dir, Path hostFile) throws Exception {
        String hostPath = hostFile.toString();
        Path decoy = hostFile.resolveSibling("d".repeat(hostFile.getFileName().toString().length()));
        assertThat(decoy.toString()).hasSameSizeAs(hostPath);
        Path image = dir.resolve("poisoned.qcow2");
        qemuImg("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + decoy + ",data_file_raw=on", image.toString(), "1M");
        byte[] bytes = Files.readAllBytes(image);
        byte[] from = decoy.toString().getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, from);
        assertThat(at).as("the data file's name in the header").isPositive();
        System.arraycopy(hostPath.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, from.length);
        return bytes;
    }

    /** A qcow2 made by qemu-img on {@code hostFile} as a raw backing file. */
    static byte[] withBackingFile(Path dir, Path hostFile) throws Exception {
        Path image = dir.resolve("backed.qcow2");
        qemuImg("qemu-img", "create", "-q", "-f", "qcow2", "-b", hostFile.toString(), "-F", "raw", image.toString(), "1M");
        return Files.readAllBytes(image);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    ImageRef ref(byte[] bytes) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return new ImageRef("img-1", sha, "qcow2", bytes.length, 1 << 20, "/api/v1/images/img-1/content");
    }

    /** Fetches the image into a real cache and, if it is accepted, makes the VM's overlay on it as VmCreate does. */
    byte[] firstBytesOfTheVmDisk(byte[] image, Path agentDir) throws Exception {
        served = image;
        ImageRef ref = ref(image);
        ImageCache cache = new ImageCache(new VmFiles(agentDir), () -> base, HttpClient::newHttpClient, Duration.ofSeconds(10), List.of());
        Path cached = cache.ensure(ref);
        Path disk = agentDir.resolve("disk.qcow2");
        new Disks().overlay(cached, ref.format(), ref.virtualSizeBytes(), disk, 1);
        Path raw = agentDir.resolve("disk.raw");
        qemuImg("qemu-img", "convert", "-f", "qcow2", "-O", "raw", disk.toString(), raw.toString());
        return Arrays.copyOf(Files.readAllBytes(raw), SECRET.length);
    }

    /** What the refusals prevent: an overlay on the poisoned image, as VmCreate makes it, reads the host's file. */
    @Test
    void withoutTheCheckTheVmDiskStartsWithTheHostFile() throws Exception {
        Path hostFile = Files.write(Files.createDirectories(tmp.resolve("host")).resolve("shadow"), SECRET);
        Path poisoned = Files.write(tmp.resolve("poisoned-base.qcow2"), withDataFile(Files.createDirectories(tmp.resolve("attacker")), hostFile));
        Path disk = tmp.resolve("disk.qcow2");
        new Disks().overlay(poisoned, "qcow2", 1 << 20, disk, 1);
        Path raw = tmp.resolve("disk.raw");
        qemuImg("qemu-img", "convert", "-f", "qcow2", "-O", "raw", disk.toString(), raw.toString());
        assertThat(Arrays.copyOf(Files.readAllBytes(raw), SECRET.length)).isEqualTo(SECRET);
    }

    @Test
    void aQcow2NamingAHostFileAsItsDataFileIsRefusedAndLeavesNothingCached() throws Exception {
        Path hostFile = Files.write(Files.createDirectories(tmp.resolve("host")).resolve("shadow"), SECRET);
        byte[] poisoned = withDataFile(Files.createDirectories(tmp.resolve("attacker")), hostFile);
        Path agent = tmp.resolve("agent");
        assertThatThrownBy(() -> firstBytesOfTheVmDisk(poisoned, agent)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("external data file");
        try (var left = Files.list(agent.resolve("images"))) {
            assertThat(left).as("nothing cached, no part file").isEmpty();
        }
    }

    @Test
    void aQcow2OnAHostFileAsItsBackingFileIsRefused() throws Exception {
        Path hostFile = Files.write(Files.createDirectories(tmp.resolve("host")).resolve("host.pem"), SECRET);
        byte[] backed = withBackingFile(Files.createDirectories(tmp.resolve("attacker")), hostFile);
        assertThatThrownBy(() -> firstBytesOfTheVmDisk(backed, tmp.resolve("agent"))).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("backing file");
    }

    @Test
    void aPoisonedImageCachedBeforeIsRefusedAndRemovedWhenUsed() throws Exception {
        Path hostFile = Files.write(Files.createDirectories(tmp.resolve("host")).resolve("shadow"), SECRET);
        byte[] poisoned = withDataFile(Files.createDirectories(tmp.resolve("attacker")), hostFile);
        Path agent = tmp.resolve("agent");
        ImageRef ref = ref(poisoned);
        VmFiles files = new VmFiles(agent);
        files.createImagesDir();
        Path cached = Files.write(files.image(ref.sha256(), ref.format()), poisoned); // as an older agent left it
        ImageCache cache = new ImageCache(files, () -> base, HttpClient::newHttpClient, Duration.ofSeconds(10), List.of());
        assertThatThrownBy(() -> cache.ensure(ref)).isInstanceOf(UnsafeImage.class);
        assertThat(cached).doesNotExist();
    }

    @Test
    void aStandaloneQcow2IsCachedAndTheVmDiskReadsItsOwnBytes() throws Exception {
        Path made = tmp.resolve("good.qcow2");
        qemuImg("qemu-img", "create", "-q", "-f", "qcow2", made.toString(), "1M");
        assertThat(firstBytesOfTheVmDisk(Files.readAllBytes(made), tmp.resolve("agent"))).containsOnly(0);
    }
}
