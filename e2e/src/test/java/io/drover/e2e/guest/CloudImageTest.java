package io.drover.e2e.guest;

import io.drover.server.tls.TlsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tracker.LivenessPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud image against the real libvirtd of qemu:///system (started by scripts/test.sh):
 * a domain of type qemu (TCG) boots a qcow2 overlay on {@link CloudImage} from its virtio disk
 * through SeaBIOS, reads a hand-made NoCloud seed, and powers off on an ACPI shutdown; its
 * user-data installs the real server's tracker. User-mode networking only; the server listens on
 * 127.0.0.1, which the guest reaches as 10.0.2.2.
 */
@Timeout(180)
class CloudImageTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheDroverCloudImageTest0000000 ci@drover";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void bootsFromItsDiskAppliesTheSeedRunsUserDataAndPowersOffOnTheButton() throws Exception {
        long buildStart = System.nanoTime();
        Path base = CloudImage.forHost().build();
        System.out.printf("cloud image %s ready in %d ms%n", base, (System.nanoTime() - buildStart) / 1_000_000);

        Path dir = domainDir();
        Path disk = overlay(base, dir);
        String userData = """
                #!/bin/sh
                echo "CI-MARKER user-data says hello"
                echo "CI-HOSTNAME $(hostname)"
                echo "CI-KEYS-MODE $(stat -c %a /root/.ssh/authorized_keys)"
                echo "CI-KEYS $(cat /root/.ssh/authorized_keys)"
                echo "CI-UUID $(cat /sys/class/dmi/id/product_uuid)"
                command -v wget >/dev/null && echo "CI-HAS-WGET"
                exit 3
                """;
        Path seed = NoCloudSeed.write(dir.resolve("seed.iso"),
                NoCloudSeed.metaData("iid-ci-guest-1", "ci-guest-1", List.of(KEY)), userData);
        Path console = dir.resolve("console.log");
        UUID uuid = UUID.randomUUID();
        String name = "drover-test-" + uuid.toString().substring(0, 8);

        try {
            define(dir, domainXml(name, uuid, disk, seed, console));
            long started = System.nanoTime();
            virsh("start", name);
            String log = awaitConsole(console, CloudImage.BOOT_FINISHED, BOOT_TIMEOUT);
            System.out.printf("%s booted to '%s' in %d ms after virsh start%n", name, CloudImage.BOOT_FINISHED,
                    (System.nanoTime() - started) / 1_000_000);

            assertThat(log).contains(CloudImage.INIT_STARTED)
                    .contains("DROVER-GUEST: seed found on /dev/vdb")
                    .contains("DROVER-GUEST: seed instance-id=iid-ci-guest-1")
                    .contains("DROVER-GUEST: seed hostname=ci-guest-1 keys=1")
                    .contains(CloudImage.NETWORK_UP + GuestSpec.GUEST_IP)
                    .contains("CI-MARKER user-data says hello")
                    .contains("CI-HOSTNAME ci-guest-1")
                    .contains("CI-KEYS-MODE 600")
                    .contains("CI-KEYS " + KEY)
                    .contains("CI-UUID " + uuid)
                    .contains("CI-HAS-WGET")
                    .contains(CloudImage.USER_DATA_RAN + "3")
                    .contains("DROVER-GUEST: acpid started")
                    .doesNotContain(CloudImage.FAILED);
            // Network comes up before user-data runs, as with cloud-init.
            assertThat(log.indexOf(CloudImage.NETWORK_UP)).isLessThan(log.indexOf("CI-MARKER"));

            long shutdown = System.nanoTime();
            virsh("shutdown", name);
            awaitState(name, "shut off", Duration.ofSeconds(15));
            long ms = (System.nanoTime() - shutdown) / 1_000_000;
            System.out.printf("%s: virsh shutdown to shut off in %d ms%n", name, ms);
            assertThat(ms).isLessThan(10_000);
            assertThat(Files.readString(console)).contains(CloudImage.POWER_BUTTON);
        } finally {
            cleanUp(name);
        }
    }

    @Test
    void treatsTheSeedAsDataAndReadsKeysOnePerLine() throws Exception {
        Path base = CloudImage.forHost().build();
        Path dir = domainDir();
        Path disk = overlay(base, dir);
        // Keys one per line, values full of shell; a hostname that is not one is refused.
        String metaData = """
                {
                  "instance-id" : "$(echo pwned)",
                  "local-hostname" : "bad;$(touch /tmp/pwned)`touch /tmp/pwned`",
                  "public-keys" : [
                    "ssh-ed25519 AAAAone one@x",
                    "ssh-rsa AAAAtwo \\"$(touch /tmp/pwned)\\" two@x"
                  ],
                  "extra" : { "nested" : [ 1, 2 ] }
                }
                """;
        String userData = """
                #!/bin/sh
                if [ -e /tmp/pwned ]; then echo "CI-INJECTED"; else echo "CI-CLEAN"; fi
                echo "CI-KEY-LINES $(wc -l </root/.ssh/authorized_keys)"
                grep -qxF 'ssh-rsa AAAAtwo "$(touch /tmp/pwned)" two@x' /root/.ssh/authorized_keys && echo "CI-KEY-2-VERBATIM"
                """;
        Path seed = NoCloudSeed.write(dir.resolve("seed.iso"), metaData, userData);
        Path console = dir.resolve("console.log");
        UUID uuid = UUID.randomUUID();
        String name = "drover-test-" + uuid.toString().substring(0, 8);
        try {
            define(dir, domainXml(name, uuid, disk, seed, console));
            virsh("start", name);
            String log = awaitConsole(console, CloudImage.BOOT_FINISHED, BOOT_TIMEOUT);
            assertThat(log).contains("DROVER-GUEST: seed instance-id=(not shown)")
                    .contains("DROVER-GUEST: hostname in meta-data refused")
                    .contains("DROVER-GUEST: seed hostname=localhost keys=2")
                    .contains("CI-CLEAN")
                    .contains("CI-KEY-LINES 2")
                    .contains("CI-KEY-2-VERBATIM")
                    .contains(CloudImage.USER_DATA_RAN + "0")
                    .doesNotContain("CI-INJECTED")
                    .doesNotContain("pwned");
        } finally {
            cleanUp(name);
        }
    }

    @Test
    void userDataInstallsTheTrackerFromTheRealServerAndTheGuestReportsItsIpAndUuid() throws Exception {
        ServerConfig config = ServerConfig.defaults(tmp.resolve("server")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0))
                .withRegistrationToken("cloud-t0ken'with\"quotes")
                .withLiveness(new LivenessPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(300)));
        Path base = CloudImage.forHost().build();
        Path dir = domainDir();
        Path disk = overlay(base, dir);
        UUID uuid = UUID.randomUUID();
        String name = "drover-test-" + uuid.toString().substring(0, 8);
        try (DroverServer server = DroverServer.start(config)) {
            // What a Drover user would put in user-data: fetch the server's installer and run it.
            String userData = "#!/bin/sh\nwget -qO- http://" + GuestSpec.HOST_FROM_GUEST + ":" + server.httpPort()
                    + "/install.sh | sh -s -- --interval 2\n";
            Path seed = NoCloudSeed.write(dir.resolve("seed.iso"),
                    NoCloudSeed.metaData("iid-ci-tracked-1", "ci-tracked-1", List.of(KEY)), userData);
            define(dir, domainXml(name, uuid, disk, seed, dir.resolve("console.log")));
            long started = System.nanoTime();
            virsh("start", name);
            await().atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> GuestTrackingTest.status(server, "ci-tracked-1").equals("online"));
            System.out.printf("%s: virsh start to tracked online in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
            assertThat(Files.readString(dir.resolve("console.log"))).contains(CloudImage.USER_DATA_RAN + "0");

            JsonNode machine = GuestTrackingTest.JSON.readTree(
                    GuestTrackingTest.get(server, "/api/v1/machines/ci-tracked-1").body());
            assertThat(machine.get("ip_address").asText()).isEqualTo(GuestSpec.GUEST_IP);
            assertThat(machine.get("interface").asText()).isEqualTo("eth0");
            // libvirt sets the SMBIOS UUID to the domain's: this is how Drover matches a heartbeat to a VM.
            assertThat(machine.get("uuid").asText()).isEqualTo(uuid.toString());
        } finally {
            cleanUp(name);
        }
    }

    @Test
    void writesMetaDataTheWayJacksonsPrettyPrinterDoes() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("instance-id", "i-1");
        fields.put("local-hostname", "test-1");
        fields.put("public-keys", List.of("ssh-ed25519 AAAA me@x", "ssh-rsa B \"q\" \\ \t\u0001"));
        String jackson = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(fields);
        assertThat(NoCloudSeed.metaData("i-1", "test-1", List.of("ssh-ed25519 AAAA me@x", "ssh-rsa B \"q\" \\ \t\u0001")))
                .isEqualTo(jackson);
        fields.put("public-keys", List.of());
        assertThat(NoCloudSeed.metaData("i-1", "test-1", List.of()))
                .isEqualTo(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(fields));
    }

    /** A directory QEMU's user can traverse (@TempDir is 0700). */
    private Path domainDir() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp;
    }

    private static Path overlay(Path base, Path dir) throws Exception {
        Path disk = dir.resolve("disk.qcow2");
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", disk.toString(), "1G"));
        Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-r--r--"));
        return disk;
    }

    /** Firmware boot from the virtio disk like any cloud image; the seed as a read-only virtio disk. */
    private static String domainXml(String name, UUID uuid, Path disk, Path seed, Path console) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
                  <features><acpi/></features>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/><source file='%s'/><target dev='vda' bus='virtio'/>
                    </disk>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='raw'/><source file='%s'/><target dev='vdb' bus='virtio'/><readonly/>
                    </disk>
                    <interface type='user'><model type='virtio'/></interface>
                    <serial type='file'><source path='%s'/><target port='0'/></serial>
                  </devices>
                </domain>""".formatted(name, uuid, disk, seed, console);
    }

    private static void define(Path dir, String xml) throws Exception {
        Path file = dir.resolve("domain.xml");
        Files.writeString(file, xml);
        virsh("define", file.toString());
    }

    private static String awaitConsole(Path console, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
            if (log.contains(text)) {
                return log;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console did not show '" + text + "' within " + timeout.toSeconds()
                        + " s\n--- " + console + " ---\n" + log);
            }
            Thread.sleep(100);
        }
    }

    private static void awaitState(String name, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = virsh("domstate", name).strip();
            if (last.equals(state)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " is '" + last + "', not '" + state + "', after " + timeout.toSeconds() + " s");
    }

    private static void cleanUp(String name) throws Exception {
        runQuietly(List.of("virsh", "-c", "qemu:///system", "destroy", name));
        runQuietly(List.of("virsh", "-c", "qemu:///system", "undefine", name));
    }

    private static String virsh(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", "qemu:///system"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }

    private static void runQuietly(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
