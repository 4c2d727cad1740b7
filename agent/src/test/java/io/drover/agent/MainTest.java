package io.drover.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import io.drover.agent.vms.QemuUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpDocumentsEveryOption() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--server", "--server-fingerprint", "DROVER_AGENT_SERVER_FINGERPRINT", "--join-token", "--name", "--libvirt-uri", "--accel", "--data-dir", "libvirt-qemu", "--listen", "--heartbeat", "--inventory-interval", "DROVER_AGENT_INVENTORY_INTERVAL",
                "DROVER_AGENT_SERVER", "DROVER_AGENT_JOIN_TOKEN", "DROVER_AGENT_LIBVIRT_URI", "DROVER_AGENT_DATA_DIR", "8788");
    }

    @Test
    void aDataDirQemuCannotReachStopsTheAgentAtStart() throws Exception {
        Assumptions.assumeTrue(QemuUser.Lookup.system().forUri("qemu:///system").isPresent(),
                "QEMU runs as root on this host: there is nothing to check");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // @TempDir is 0700
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path data = home.resolve("drover/data");

        Run r = run("--name", "h1", "--data-dir", data.toString(), "--libvirt-uri", "qemu:///system");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot enter " + home + " (rwx------").contains("chmod o+x " + home)
                .contains(data.toString());
        assertThat(data).as("refused before anything was written").doesNotExist();
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(run("--accel", "warp").code()).isEqualTo(2);
        assertThat(run("--accel", "warp").err()).contains("auto, kvm or tcg");
        assertThat(run("--no-such-flag").code()).isEqualTo(2);
        Run slow = run("--heartbeat", "600", "--name", "h1", "--data-dir", tmp.toString());
        assertThat(slow.code()).isEqualTo(2);
        assertThat(slow.err()).contains("--heartbeat must be from 0.1 to 60");
        Run plain = run("--server", "http://127.0.0.1:8080", "--name", "h1", "--data-dir", tmp.toString());
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err()).contains("must be an https URL");
        Run pin = run("--server-fingerprint", "sha256:nothex", "--name", "h1", "--data-dir", tmp.toString());
        assertThat(pin.code()).isEqualTo(2);
        assertThat(pin.err()).contains("64 hex digits");
    }
}
