package io.drover.agent.vms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmFilesTest {
    @TempDir
    Path tmp;

    static final String ID = DomainXmlTest.ID;
    static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void pathsComeFromTheIdAndTheChecksumOnly() throws Exception {
        VmFiles files = new VmFiles(tmp);
        assertThat(files.disk(ID)).isEqualTo(tmp.resolve("vms/" + ID + "/disk.qcow2"));
        assertThat(files.seed(ID)).isEqualTo(tmp.resolve("vms/" + ID + "/seed.iso"));
        assertThat(files.consoleLog(ID)).isEqualTo(tmp.resolve("vms/" + ID + "/console.log"));
        assertThat(files.image(SHA, "qcow2")).isEqualTo(tmp.resolve("images/" + SHA + ".qcow2"));
    }

    @Test
    void aNonUuidIdIsRefused() {
        VmFiles files = new VmFiles(tmp);
        for (String id : List.of("", "../../etc", "web-1", ID.toUpperCase(), ID + "/..", ID.replace('-', '/'), ID + "\n", "0f8b5a0e3c1d4a5b9e7f112233445566")) {
            assertThatThrownBy(() -> files.vmDir(id)).as(id).isInstanceOf(InvalidVmSpec.class);
        }
        assertThatThrownBy(() -> files.vmDir(null)).isInstanceOf(InvalidVmSpec.class);
    }

    @Test
    void aNonHexChecksumOrUnknownFormatIsRefused() {
        VmFiles files = new VmFiles(tmp);
        for (String sha : List.of("", "abc", SHA.toUpperCase(), SHA.substring(1) + "g", "../" + SHA.substring(3), SHA + "0")) {
            assertThatThrownBy(() -> files.image(sha, "qcow2")).as(sha).isInstanceOf(InvalidVmSpec.class);
        }
        for (String format : List.of("", "QCOW2", "vmdk", "qcow2/../x", "iso ")) {
            assertThatThrownBy(() -> files.image(SHA, format)).as(format).isInstanceOf(InvalidVmSpec.class);
        }
    }

    @Test
    void directoriesAreReadableByQemusUserAndRemovedWhole() throws Exception {
        VmFiles files = new VmFiles(tmp);
        Path dir = files.createVmDir(ID);
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(VmFiles.DIR);
        assertThat(Files.getPosixFilePermissions(dir.getParent())).isEqualTo(VmFiles.DIR);
        assertThat(Files.getPosixFilePermissions(tmp)).isEqualTo(VmFiles.DIR); // @TempDir starts 0700
        Files.writeString(files.disk(ID), "x");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/f"), "y");
        files.removeVmDir(ID);
        assertThat(dir).doesNotExist();
        files.removeVmDir(ID); // gone already is fine
    }
}
