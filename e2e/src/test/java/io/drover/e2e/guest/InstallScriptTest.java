package io.drover.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * install.sh under dash and busybox sh, installing into a scratch root (DROVER_ROOT) with
 * DROVER_NO_START=1, so nothing on this host is started, stopped or enabled.
 */
class InstallScriptTest {
    private static final String URL = "http://127.0.0.1:4242";
    private static final String TOKEN = "t0k'en\"$x";

    @TempDir
    Path root;
    @TempDir
    Path work;
    private Path script;

    static Stream<List<String>> shells() {
        return ScriptRunner.shells();
    }

    @BeforeEach
    void renderScript() throws IOException {
        script = work.resolve("install.sh");
        Files.writeString(script, InstallScriptTemplate.render(URL, TOKEN));
    }

    @Test
    void templateHoldsEachPlaceholderOnceInsideSingleQuotes() {
        String template = InstallScriptTemplate.text();
        assertThat(occurrences(template, InstallScriptTemplate.URL_PLACEHOLDER)).isEqualTo(1);
        assertThat(occurrences(template, InstallScriptTemplate.TOKEN_PLACEHOLDER)).isEqualTo(1);
        assertThat(template).contains("DROVER_URL='__DROVER_URL__'\n", "DROVER_TOKEN='__DROVER_TOKEN__'\n");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void installsInitScriptAndBusyboxBootHookThenUpdatesInPlaceAndUninstalls(List<String> shell) throws IOException {
        Files.createDirectories(root.resolve("usr/local/bin"));
        write("etc/inittab", "::sysinit:/etc/init.d/rcS\n::respawn:/sbin/getty 38400 tty1\n");
        Map<String, String> before = snapshot();

        ScriptRunner.Result first = install(shell, "--interval", "5", "--interface", "eth1");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.stdout()).contains("not started");
        assertThat(installedFiles(before)).containsExactlyInAnyOrder(
                "usr/local/bin/drover-tracker-sh", "etc/drover-tracker.conf", "etc/init.d/drover-tracker", "etc/inittab");
        assertThat(mode("usr/local/bin/drover-tracker-sh")).isEqualTo("rwxr-xr-x");
        assertThat(mode("etc/init.d/drover-tracker")).isEqualTo("rwxr-xr-x");
        assertThat(mode("etc/drover-tracker.conf")).isEqualTo("rw-------");
        assertThat(read("etc/drover-tracker.conf")).contains(
                "DROVER_URL='" + URL + "'", "DROVER_TOKEN='t0k'\\''en\"$x'", "DROVER_INTERVAL=5", "DROVER_INTERFACE='eth1'");
        assertThat(read("etc/init.d/drover-tracker")).contains(
                "BIN=/usr/local/bin/drover-tracker-sh", "PIDFILE=/var/run/drover-tracker.pid", "LOG=/var/log/drover-tracker.log");
        assertThat(read("etc/inittab")).isEqualTo(before.get("etc/inittab") + "::sysinit:/etc/init.d/drover-tracker start\n");
        assertThat(root.resolve("etc/systemd")).doesNotExist();

        ScriptRunner.Result again = install(shell, "--interval", "7");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(installedFiles(before)).containsExactlyInAnyOrder(
                "usr/local/bin/drover-tracker-sh", "etc/drover-tracker.conf", "etc/init.d/drover-tracker", "etc/inittab");
        assertThat(read("etc/drover-tracker.conf")).contains("DROVER_INTERVAL=7", "DROVER_INTERFACE=''")
                .doesNotContain("DROVER_INTERVAL=5");
        assertThat(occurrences(read("etc/inittab"), "drover-tracker")).isEqualTo(1);

        assertUninstallLeaves(shell, before);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void installsSystemdUnitIntoUsrBinWhenThereIsNoUsrLocalBin(List<String> shell) throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        Files.createDirectories(root.resolve("usr/bin"));
        Map<String, String> before = snapshot();

        ScriptRunner.Result result = install(shell);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(installedFiles(before)).containsExactlyInAnyOrder(
                "usr/bin/drover-tracker-sh", "etc/drover-tracker.conf", "etc/systemd/system/drover-tracker.service");
        assertThat(read("etc/systemd/system/drover-tracker.service")).contains(
                "ExecStart=/usr/bin/drover-tracker-sh", "Restart=always", "WantedBy=multi-user.target");
        assertThat(read("etc/drover-tracker.conf")).contains("DROVER_INTERVAL=30");

        assertThat(install(shell, "--interval", "10").exitCode()).isZero();
        assertThat(installedFiles(before)).hasSize(3);

        assertUninstallLeaves(shell, before);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void hooksRcLocalBeforeItsExitAndRestoresIt(List<String> shell) throws IOException {
        Files.createDirectories(root.resolve("usr/local/bin"));
        write("etc/rc.local", "#!/bin/sh -e\nif [ -e /nope ]; then\nexit 0\nfi\n  indented \\ line\nexit 0\n");
        Map<String, String> before = snapshot();

        assertThat(install(shell).exitCode()).isZero();
        assertThat(read("etc/rc.local")).isEqualTo("#!/bin/sh -e\nif [ -e /nope ]; then\nexit 0\nfi\n  indented \\ line\n"
                + "/etc/init.d/drover-tracker start # installed by Drover install.sh\nexit 0\n");
        assertThat(install(shell).exitCode()).isZero();
        assertThat(occurrences(read("etc/rc.local"), "drover-tracker")).isEqualTo(1);

        assertUninstallLeaves(shell, before);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void hooksOpenRcLocalD(List<String> shell) throws IOException {
        Files.createDirectories(root.resolve("usr/local/bin"));
        Files.createDirectories(root.resolve("etc/local.d"));
        Map<String, String> before = snapshot();

        assertThat(install(shell).exitCode()).isZero();
        assertThat(read("etc/local.d/drover-tracker.start")).contains("/etc/init.d/drover-tracker start");
        assertThat(mode("etc/local.d/drover-tracker.start")).isEqualTo("rwxr-xr-x");

        assertUninstallLeaves(shell, before);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void warnsWhenItFindsNoBootHook(List<String> shell) {
        ScriptRunner.Result result = install(shell);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).contains("found no way to start the tracker at boot");
        assertThat(root.resolve("usr/bin/drover-tracker-sh")).isExecutable();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void helpPrintsUsageAndInstallsNothing(List<String> shell) throws IOException {
        ScriptRunner.Result result = install(shell, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("Usage: sh install.sh", "--interval", "--interface", "--uninstall");
        assertThat(snapshot()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void rejectsBadOptionsAndInstallsNothing(List<String> shell) throws IOException {
        assertFails(install(shell, "--interval", "0"), "--interval must be a whole number");
        assertFails(install(shell, "--interval", "5s"), "--interval must be a whole number");
        assertFails(install(shell, "--interface", "eth0; reboot"), "not an interface name");
        assertFails(install(shell, "--bogus"), "unknown option: --bogus");
        assertFails(install(shell, "--url", "ftp://x"), "not an http(s) URL");
        assertThat(snapshot()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anUnrenderedTemplateNeedsUrlOption(List<String> shell) throws IOException {
        Files.writeString(script, InstallScriptTemplate.text());
        assertFails(install(shell), "no server URL");
        assertThat(snapshot()).isEmpty();

        ScriptRunner.Result result = install(shell, "--url", "http://127.0.0.1:9/");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(read("etc/drover-tracker.conf")).contains("DROVER_URL='http://127.0.0.1:9'", "DROVER_TOKEN=''");
    }

    @Test
    void refusesToTouchTheRealRootUnlessRoot() throws IOException {
        // The script must be readable by the unprivileged user for this to test anything.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        String dash = ScriptRunner.shells().findFirst().orElseThrow().get(0);
        List<String> command = root
                ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", dash, script.toString())
                : List.of(dash, script.toString());
        // No DROVER_ROOT: this targets the real /, which only root may change.
        ScriptRunner.Result result = ScriptRunner.run(command, Map.of("DROVER_NO_START", "1"), Path.of("/"));
        assertFails(result, "must be run as root");
    }

    private void assertUninstallLeaves(List<String> shell, Map<String, String> before) throws IOException {
        Files.createDirectories(root.resolve("var/log"));
        Files.createDirectories(root.resolve("var/run"));
        write("var/log/drover-tracker.log", "a log line\n");
        write("var/run/drover-tracker.pid", "999999\n");

        ScriptRunner.Result result = install(shell, "--uninstall");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("Drover tracker removed.");
        assertThat(snapshot()).isEqualTo(before);

        ScriptRunner.Result again = install(shell, "--uninstall");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    private ScriptRunner.Result install(List<String> shell, String... args) {
        return ScriptRunner.run(shell, script, List.of(args),
                Map.of("DROVER_ROOT", root.toString(), "DROVER_NO_START", "1"), work);
    }

    private static void assertFails(ScriptRunner.Result result, String message) {
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.stderr()).contains(message);
    }

    /** Every regular file under the scratch root, with its content. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    /** Files that are new or changed since {@code before}. */
    private Set<String> installedFiles(Map<String, String> before) throws IOException {
        Map<String, String> now = snapshot();
        now.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        return now.keySet();
    }

    private String read(String path) throws IOException {
        return Files.readString(root.resolve(path));
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), text);
    }

    private String mode(String path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path)));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
