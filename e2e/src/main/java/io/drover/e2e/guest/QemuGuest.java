package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway QEMU guest that installs the Drover tracker from a server and heartbeats to it.
 *
 * <p>It boots the host's cloud kernel with a {@link BusyboxInitramfs} under TCG (nested KVM hangs
 * guests here) with QEMU user-mode networking only: the guest is {@value GuestSpec#GUEST_IP} and
 * reaches the host's loopback as {@value GuestSpec#HOST_FROM_GUEST}, so a server bound to
 * 127.0.0.1 serves it and no traffic leaves the machine. The serial console goes to a log file
 * that outlives the guest; a QMP socket lets the test pull the power.
 *
 * <pre>{@code
 * try (QemuGuest guest = QemuGuest.start(GuestSpec.forHostPort(port, "web-1", uuid))) {
 *     guest.awaitConsole(QemuGuest.INSTALL_OK, Duration.ofSeconds(60));
 *     ...
 *     guest.powerOff();
 * }
 * }</pre>
 */
public final class QemuGuest implements AutoCloseable {
    /** Console lines printed by the guest's /init (resource init.sh). */
    public static final String NETWORK_UP = "DROVER-GUEST: network up";
    public static final String INSTALL_OK = "DROVER-GUEST: install ok";
    /** Printed with the reason when /init gives up (no NIC, no lease, download or install failed). */
    public static final String FAILED = "DROVER-GUEST: FAILED";

    private static final int MEMORY_MB = 256;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POWER_OFF_TIMEOUT = Duration.ofSeconds(15);
    /** The kernel's sun_path is 108 bytes. */
    private static final int MAX_SOCKET_PATH = 100;

    private final GuestSpec spec;
    private final Path runDir;
    private final Path qmpSocket;
    private final Path console;
    private final Path qemuOutput;
    private final Process process;

    private QemuGuest(GuestSpec spec, Path runDir, Path console, Process process) {
        this.spec = spec;
        this.runDir = runDir;
        this.qmpSocket = runDir.resolve("qmp.sock");
        this.console = console;
        this.qemuOutput = runDir.resolve("qemu.out");
        this.process = process;
    }

    /** Boots {@code spec} with the host's kernel and the default initramfs and log directory. */
    public static QemuGuest start(GuestSpec spec) {
        return start(spec, BusyboxInitramfs.forHost(), defaultLogDir());
    }

    /**
     * Builds (or reuses) {@code image} and boots {@code spec} with it; the serial console is
     * written to {@code logDir/<hostname or uuid>.console.log}. Returns once QEMU is running and its QMP
     * socket is up; the guest itself is still booting.
     */
    public static QemuGuest start(GuestSpec spec, BusyboxInitramfs image, Path logDir) {
        Objects.requireNonNull(spec, "spec");
        Path qemu = Commands.findExecutable("qemu-system-x86_64");
        if (qemu == null) {
            throw new GuestUnavailable("qemu-system-x86_64 is not installed");
        }
        Path initramfs = image.build();
        Path runDir = null;
        try {
            Files.createDirectories(logDir);
            Path console = logDir.resolve(spec.name() + ".console.log");
            Files.deleteIfExists(console);
            runDir = createRunDir();
            Path socket = runDir.resolve("qmp.sock");
            List<String> command = new ArrayList<>(List.of(
                    qemu.toString(),
                    "-accel", "tcg",
                    "-m", Integer.toString(MEMORY_MB),
                    "-nodefaults", "-no-reboot",
                    "-display", "none",
                    "-serial", "file:" + noCommas(console),
                    "-qmp", "unix:" + noCommas(socket) + ",server=on,wait=off",
                    "-kernel", noCommas(image.kernel().vmlinuz()),
                    "-initrd", noCommas(initramfs),
                    "-append", spec.kernelCommandLine(),
                    "-nic", "user,model=virtio-net-pci",
                    "-smbios", "type=1,uuid=" + spec.uuid()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("qemu.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            QemuGuest guest = new QemuGuest(spec, runDir, console, process);
            guest.awaitQmpSocket();
            return guest;
        } catch (IOException e) {
            if (runDir != null) {
                BusyboxInitramfs.deleteTree(runDir);
            }
            throw new GuestFailed("cannot start QEMU for " + spec.name(), e);
        }
    }

    /** {@code target/guest-logs} when run from a Maven module, else under {@code java.io.tmpdir}. */
    public static Path defaultLogDir() {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        if (Files.isDirectory(target)) {
            return target.resolve("guest-logs");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "drover-guest-logs");
    }

    public GuestSpec spec() {
        return spec;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Everything the guest has written to its serial console so far. */
    public String consoleLog() {
        try {
            return Files.exists(console) ? new String(Files.readAllBytes(console), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new GuestFailed("cannot read " + console, e);
        }
    }

    public Path consoleLogFile() {
        return console;
    }

    /**
     * Waits until the console shows {@code text}; fails at once if QEMU exits, and with the
     * console's tail after {@code timeout}, or as soon as the guest reports {@link #FAILED}.
     */
    public void awaitConsole(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = consoleLog();
            if (log.contains(text)) {
                return;
            }
            if (!text.startsWith(FAILED) && log.contains(FAILED)) {
                throw failure("the guest's /init gave up");
            }
            if (!process.isAlive()) {
                throw failure("QEMU exited with " + process.exitValue() + " before the console showed '" + text + "'");
            }
            if (System.nanoTime() > deadline) {
                throw failure("the console did not show '" + text + "' within " + timeout.toSeconds() + " s");
            }
            sleep(200);
        }
    }

    /** Pulls the power (QMP quit) and waits for QEMU to exit; killing it if QMP does not answer. */
    public void powerOff() {
        if (!process.isAlive()) {
            return;
        }
        try {
            Qmp.execute(qmpSocket, "quit", POWER_OFF_TIMEOUT);
        } catch (GuestFailed e) {
            process.destroyForcibly();
        }
        waitForExit(POWER_OFF_TIMEOUT);
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit(POWER_OFF_TIMEOUT);
        }
    }

    /** Kills QEMU if it still runs and removes the run directory; the console log stays. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit(POWER_OFF_TIMEOUT);
        }
        BusyboxInitramfs.deleteTree(runDir);
    }

    private void awaitQmpSocket() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(qmpSocket)) {
            if (!process.isAlive()) {
                String output = qemuOutput();
                close();
                throw new GuestFailed("QEMU exited with " + process.exitValue() + ": " + output);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new GuestFailed("QEMU did not open its QMP socket within " + START_TIMEOUT.toSeconds() + " s");
            }
            sleep(50);
        }
    }

    private GuestFailed failure(String message) {
        String log = consoleLog();
        String tail = log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        return new GuestFailed(spec.name() + ": " + message + "\n--- console (" + console + ") ---\n" + tail
                + "\n--- qemu ---\n" + qemuOutput());
    }

    private String qemuOutput() {
        try {
            return Files.exists(qemuOutput) ? Files.readString(qemuOutput).strip() : "";
        } catch (IOException e) {
            return "(cannot read " + qemuOutput + ")";
        }
    }

    private void waitForExit(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Path createRunDir() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (base.toAbsolutePath().toString().length() + 40 > MAX_SOCKET_PATH) {
            base = Path.of("/tmp");
        }
        return Files.createTempDirectory(base, "drover-qemu-");
    }

    /** QEMU splits some option values at commas; none of ours may contain one. */
    private static String noCommas(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.contains(",")) {
            throw new IllegalArgumentException("QEMU cannot take a path with a comma: " + s);
        }
        return s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestFailed("interrupted while waiting for the guest", e);
        }
    }
}
