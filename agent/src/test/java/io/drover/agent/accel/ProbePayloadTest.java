package io.drover.agent.accel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe guest the agent ships is its source, assembled (scripts/test.sh installs binutils). */
class ProbePayloadTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedImageIsTheAssembledSource() throws Exception {
        Path source = Path.of("src/main/asm/kvm-probe.S").toAbsolutePath();
        run(tmp, "as", "--32", "-o", "p.o", source.toString());
        run(tmp, "ld", "-m", "elf_i386", "-Ttext", "0x7c00", "--oformat", "binary", "-o", "p.img", "p.o");
        byte[] shipped;
        try (InputStream in = KvmProbe.class.getResourceAsStream(KvmProbe.IMAGE)) {
            shipped = in.readAllBytes();
        }
        assertThat(shipped).hasSize(512).isEqualTo(Files.readAllBytes(tmp.resolve("p.img")));
        assertThat(shipped[510]).isEqualTo((byte) 0x55);
        assertThat(shipped[511]).isEqualTo((byte) 0xaa);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
