package io.drover.agent.accel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether guests really run under KVM here, by running tiny guests directly with
 * qemu-system-x86_64 (no libvirt, no disk, no network) and killing them after:
 * <ol>
 *   <li>SeaBIOS alone, whose banner goes to an isa-debugcon chardev file;</li>
 *   <li>if a kernel is installed under /boot, that kernel by direct boot, which must print
 *       "Linux version" on its serial console. Nested KVM that runs firmware but hangs a real
 *       guest (as on the development machines) fails here.</li>
 * </ol>
 */
public final class KvmProbe {
    private static final Logger log = LoggerFactory.getLogger(KvmProbe.class);

    private final String qemu;
    private final Path devKvm;
    private final Path bootDir;
    private final Duration biosWait;
    private final Duration kernelWait;

    public KvmProbe() {
        this("qemu-system-x86_64", Path.of("/dev/kvm"), Path.of("/boot"), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    public KvmProbe(String qemu, Path devKvm, Path bootDir, Duration biosWait, Duration kernelWait) {
        this.qemu = qemu;
        this.devKvm = devKvm;
        this.bootDir = bootDir;
        this.biosWait = biosWait;
        this.kernelWait = kernelWait;
    }

    public ProbeOutcome probe() {
        if (!Files.isReadable(devKvm) || !Files.isWritable(devKvm)) {
            return new ProbeOutcome(false, false, null, devKvm + " is missing or not usable by this user");
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("drover-kvm-probe");
        } catch (IOException e) {
            return new ProbeOutcome(true, false, null, "cannot make a temp dir: " + e.getMessage());
        }
        try {
            Path bios = tmp.resolve("debugcon.log");
            boolean biosRan = runUntil(List.of(qemu, "-accel", "kvm", "-nodefaults", "-display", "none", "-m", "16",
                    "-device", "isa-debugcon,iobase=0x402,chardev=d", "-chardev", "file,id=d,path=" + bios), bios, "SeaBIOS", biosWait);
            if (!biosRan) return new ProbeOutcome(true, false, null, "SeaBIOS printed nothing under KVM within " + biosWait.toSeconds() + " s");
            Optional<Path> kernel = kernel();
            if (kernel.isEmpty()) return new ProbeOutcome(true, true, null, "SeaBIOS ran under KVM; no kernel under " + bootDir + " to try");
            Path serial = tmp.resolve("serial.log");
            boolean kernelRan = runUntil(List.of(qemu, "-accel", "kvm", "-nodefaults", "-display", "none", "-m", "256",
                    "-kernel", kernel.get().toString(), "-append", "console=ttyS0 earlyprintk=serial panic=-1", "-no-reboot",
                    "-chardev", "file,id=s,path=" + serial, "-serial", "chardev:s"), serial, "Linux version", kernelWait);
            return new ProbeOutcome(true, true, kernelRan, kernelRan
                    ? "SeaBIOS and " + kernel.get().getFileName() + " ran under KVM"
                    : "SeaBIOS ran under KVM but " + kernel.get().getFileName() + " printed no banner within " + kernelWait.toSeconds() + " s");
        } finally {
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                log.debug("cannot clean {}: {}", tmp, e.getMessage());
            }
        }
    }

    /** The newest readable vmlinuz under the boot dir. */
    private Optional<Path> kernel() {
        try (Stream<Path> files = Files.list(bootDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("vmlinuz")).filter(Files::isReadable)
                    .filter(Files::isRegularFile).max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Runs the guest until {@code marker} shows up in {@code log} or {@code wait} passes; kills it either way. */
    private boolean runUntil(List<String> command, Path logFile, String marker, Duration wait) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.warn("cannot run {}: {}", qemu, e.getMessage());
            return false;
        }
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                if (contains(logFile, marker)) return true;
                if (!p.isAlive()) return contains(logFile, marker);
                Thread.sleep(50);
            }
            return contains(logFile, marker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean contains(Path file, String marker) {
        try {
            return Files.exists(file) && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }
}
