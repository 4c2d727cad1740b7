package io.drover.tracker;

import java.net.UnknownHostException;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small readers the heartbeat is built from. */
class MachineFactsTest {

    @TempDir
    Path dir;

    @Test
    void uuidIsTrimmedAndLowercased() throws Exception {
        Path file = Files.writeString(dir.resolve("product_uuid"), "4C4C4544-0042-3510-8052-B4C04F4E3332\n");

        assertThat(MachineUuid.read(file)).contains("4c4c4544-0042-3510-8052-b4c04f4e3332");
    }

    @Test
    void uuidIsAbsentWhenUnreadableOrEmpty() throws Exception {
        assertThat(MachineUuid.read(dir.resolve("missing"))).isEmpty();
        assertThat(MachineUuid.read(Files.writeString(dir.resolve("blank"), " \n"))).isEmpty();
        assertThat(MachineUuid.read(dir)).isEmpty(); // a directory cannot be read as a file
    }

    @Test
    void hostnameComesFromTheFirstFileThatHasOne() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path etcHostname = Files.writeString(dir.resolve("hostname"), "# set by the installer\n\n  web-01 \n");

        HostnameReader reader = new HostnameReader(List.of(dir.resolve("missing"), empty, etcHostname),
                () -> "from-dns");

        assertThat(reader.read()).contains("web-01");
    }

    @Test
    void anUnsetKernelHostnameIsNoName() throws Exception {
        // What /proc/sys/kernel/hostname (and busybox hostname) say when no hostname was ever set.
        Path kernel = Files.writeString(dir.resolve("kernel"), "(none)\n");
        Path etcHostname = Files.writeString(dir.resolve("hostname"), "web-7\n");

        assertThat(new HostnameReader(List.of(kernel, etcHostname), () -> "from-dns").read()).contains("web-7");
        assertThat(new HostnameReader(List.of(kernel, dir.resolve("missing")), () -> "from-dns").read())
                .as("the resolver is not asked on Linux: it would look \"(none)\" up in DNS").isEmpty();
    }

    @Test
    void hostnameFallsBackToTheResolverOnlyWithoutTheLinuxFiles() {
        List<Path> none = List.of(dir.resolve("missing"));

        assertThat(new HostnameReader(none, () -> "from-dns").read()).contains("from-dns");
        assertThat(new HostnameReader(none, () -> {
            throw new UnknownHostException("no DNS");
        }).read()).isEmpty();
        assertThat(new HostnameReader(none, () -> " ").read()).isEmpty();
        assertThat(new HostnameReader(none, () -> "(none)").read()).isEmpty();
    }

    @Test
    void aMachineWithoutHostnameIsNamedAfterItsUuidElseItsAddress() {
        assertThat(FallbackHostname.of(Optional.of("4c4c4544-0042-3510-8052-b4c04f4e3332"), "10.0.2.15"))
                .isEqualTo("machine-4c4c4544-0042-3510-8052-b4c04f4e3332");
        assertThat(FallbackHostname.of(Optional.empty(), "10.0.2.15")).isEqualTo("ip-10-0-2-15");
    }

    @Test
    void theServersReasonIsItsMessageOrProblemDetail() {
        assertThat(RegisterClient.serverMessage("{\"status\":\"error\",\"message\":\"invalid token\"}"))
                .isEqualTo("invalid token");
        assertThat(RegisterClient.serverMessage(
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"hostname is required\"}"))
                .isEqualTo("hostname is required");
        assertThat(RegisterClient.serverMessage("<html>\n<b>Bad gateway</b>\n</html>")).isEqualTo("<html> <b>Bad gateway</b> </html>");
    }

    @Test
    void osNameIsPrettyNameWithQuotesRemoved() throws Exception {
        assertThat(OsRelease.prettyNameIn("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"))
                .contains("Debian GNU/Linux 12 (bookworm)");
        assertThat(OsRelease.prettyNameIn("PRETTY_NAME='Alpine Linux v3.20'")).contains("Alpine Linux v3.20");
        assertThat(OsRelease.prettyNameIn("PRETTY_NAME=Arch")).contains("Arch");
        assertThat(OsRelease.prettyNameIn("PRETTY_NAME=\"My \\\"OS\\\" \\$1\"")).contains("My \"OS\" $1");
        assertThat(OsRelease.prettyNameIn("NAME=x\n")).isEmpty();

        Path osRelease = Files.writeString(dir.resolve("os-release"), "ID=fedora\nPRETTY_NAME=\"Fedora Linux 40\"\n");
        assertThat(OsRelease.prettyName(List.of(dir.resolve("missing"), osRelease))).isEqualTo("Fedora Linux 40");
    }

    @Test
    void osNameFallsBackToTheJvmsOsProperties() {
        assertThat(OsRelease.prettyName(List.of(dir.resolve("missing"))))
                .isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    @Test
    void intervalIsAnnouncedInWholeSecondsRoundedUp() {
        assertThat(HeartbeatComposer.intervalSeconds(Duration.ofSeconds(30))).isEqualTo(30);
        assertThat(HeartbeatComposer.intervalSeconds(Duration.ofMillis(30_001))).isEqualTo(31);
        assertThat(HeartbeatComposer.intervalSeconds(Duration.ofMillis(200))).isEqualTo(1);
        assertThat(HeartbeatComposer.intervalSeconds(Duration.ofMinutes(1))).isEqualTo(60);
    }

    @Test
    void addressesAreWrittenInTheirShortForm() throws Exception {
        assertThat(SystemNetworkAddresses.text(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(SystemNetworkAddresses.text(InetAddress.getByName("fd00:0:0:0:0:0:0:2"))).isEqualTo("fd00::2");
        assertThat(SystemNetworkAddresses.text(InetAddress.getByName("fe80::fc:ff:fe00:1%1")))
                .isEqualTo("fe80::fc:ff:fe00:1");
        assertThat(SystemNetworkAddresses.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(SystemNetworkAddresses.text(InetAddress.getByName("2001:db8:1:2:3:4:0:5")))
                .isEqualTo("2001:db8:1:2:3:4:0:5");
        assertThat(SystemNetworkAddresses.text(InetAddress.getByName("::")))
                .isEqualTo("::");
    }

    @Test
    void systemAddressesNeverIncludeLoopback() {
        SystemNetworkAddresses addresses = new SystemNetworkAddresses();

        assertThat(addresses.all()).doesNotContain("127.0.0.1", "::1");
        assertThat(addresses.ipv4Of("lo")).isEmpty();
        assertThat(addresses.ipv4Of("no-such-interface0")).isEmpty();
    }
}
