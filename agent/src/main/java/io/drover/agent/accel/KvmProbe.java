package io.drover.agent.accel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether guests really run under KVM here, with qemu-system-x86_64 run directly (no
 * libvirt, no disk, no network) on a probe guest the agent ships: a boot sector
 * ({@code src/main/asm/kvm-probe.S}) that goes from the BIOS through timer interrupts, protected
 * mode and long mode with paging to writing and summing 64 MiB of memory, reporting each stage on
 * its serial port. Firmware alone is no proof: nested KVM on the development machines runs SeaBIOS
 * and hangs the moment a guest works its memory, and elsewhere KVM stops guests with "emulation
 * failure". KVM is taken only when the probe guest finishes under it, no slower than under TCG; a
 * probe that cannot decide (the guest does not finish even under TCG) says so, and guests get TCG.
 * When a kernel is installed under /boot it must also print its banner under KVM: more proof where
 * there is some, but not needed.
 */
public final class KvmProbe {
    private static final Logger log = LoggerFactory.getLogger(KvmProbe.class);
    static final String IMAGE = "kvm-probe.img";
    static final String DONE = "DROVER-PROBE-OK";
    private static final String STAGES = "RTPL";
    private static final String[] STAGE_WORDS = {"the BIOS handed over", "timer interrupts arrived", "protected mode",
            "long mode with paging"};

    private final String qemu;
    private final Path devKvm;
    private final Path bootDir;
    private final Duration tcgWait;
    private final Duration kvmWait;

    public KvmProbe() {
        this("qemu-system-x86_64", Path.of("/dev/kvm"), Path.of("/boot"), Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    /** {@code kvmWait} bounds each guest run under KVM, {@code tcgWait} the reference run under TCG. */
    public KvmProbe(String qemu, Path devKvm, Path bootDir, Duration tcgWait, Duration kvmWait) {
        this.qemu = qemu;
        this.devKvm = devKvm;
        this.bootDir = bootDir;
        this.tcgWait = tcgWait;
        this.kvmWait = kvmWait;
    }

    /** How one run of a guest went: whether it printed its marker, what it printed, how long it took, what QEMU said. */
    record Run(boolean finished, String serial, long millis, String qemuSaid) {}

    public ProbeOutcome probe() {
        if (!Files.isReadable(devKvm) || !Files.isWritable(devKvm)) {
            return new ProbeOutcome(false, devKvm + " is missing or not usable by this user");
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("drover-kvm-probe");
        } catch (IOException e) {
            return new ProbeOutcome(false, "cannot decide (cannot make a temp dir: " + e.getMessage() + ")");
        }
        try {
            Path image = tmp.resolve(IMAGE);
            try (InputStream in = KvmProbe.class.getResourceAsStream(IMAGE)) {
                if (in == null) return new ProbeOutcome(false, "cannot decide (the probe guest is missing from the agent)");
                Files.copy(in, image);
            }
            Run tcg = runGuest("tcg", image, tmp, tcgWait);
            if (!tcg.finished()) {
                return new ProbeOutcome(false, "cannot decide: the probe guest did not finish even under TCG within "
                        + tcgWait.toSeconds() + " s (" + reached(tcg) + qemuSaid(tcg) + ")");
            }
            Run kvm = runGuest("kvm", image, tmp, kvmWait);
            if (!kvm.finished()) {
                return new ProbeOutcome(false, "the probe guest did not finish under KVM within " + kvmWait.toSeconds() + " s ("
                        + reached(kvm) + qemuSaid(kvm) + "); under TCG it did in " + tcg.millis() + " ms");
            }
            if (kvm.millis() > tcg.millis()) {
                return new ProbeOutcome(false, "the probe guest ran slower under KVM (" + kvm.millis() + " ms) than under TCG ("
                        + tcg.millis() + " ms)");
            }
            String ran = "a probe guest reached long mode and worked 64 MiB of memory under KVM in " + kvm.millis()
                    + " ms (TCG: " + tcg.millis() + " ms)";
            Optional<Path> kernel = kernel();
            if (kernel.isEmpty()) return new ProbeOutcome(true, ran);
            Run linux = runKernel(kernel.get(), tmp);
            String name = kernel.get().getFileName().toString();
            return linux.finished()
                    ? new ProbeOutcome(true, ran + ", and " + name + " printed its banner under KVM")
                    : new ProbeOutcome(false, ran + ", but " + name + " printed no banner under KVM within " + kvmWait.toSeconds()
                            + " s" + qemuSaid(linux));
        } catch (IOException e) {
            return new ProbeOutcome(false, "cannot decide (" + e.getMessage() + ")");
        } finally {
            delete(tmp);
        }
    }

    private Run runGuest(String accel, Path image, Path tmp, Duration wait) {
        Path serial = tmp.resolve(accel + "-serial.log");
        return run(List.of(qemu, "-accel", accel, "-nodefaults", "-display", "none", "-m", "96", "-no-reboot",
                "-drive", "file=" + image + ",format=raw,if=floppy,readonly=on",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                "-chardev", "file,id=s,path=" + serial, "-serial", "chardev:s"), serial, tmp.resolve(accel + "-qemu.log"), DONE, wait);
    }

    private Run runKernel(Path kernel, Path tmp) {
        Path serial = tmp.resolve("kernel-serial.log");
        return run(List.of(qemu, "-accel", "kvm", "-nodefaults", "-display", "none", "-m", "256", "-no-reboot",
                "-kernel", kernel.toString(), "-append", "console=ttyS0 earlyprintk=serial panic=-1",
                "-chardev", "file,id=s,path=" + serial, "-serial", "chardev:s"), serial, tmp.resolve("kernel-qemu.log"),
                "Linux version", kvmWait);
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

    /** Runs the guest until {@code marker} shows on its serial port or {@code wait} passes; kills it either way. */
    private Run run(List<String> command, Path serial, Path qemuLog, String marker, Duration wait) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(qemuLog.toFile()).start();
        } catch (IOException e) {
            log.warn("cannot run {}: {}", qemu, e.getMessage());
            return new Run(false, "", 0, "cannot run " + qemu + ": " + e.getMessage());
        }
        try {
            long deadline = start + wait.toNanos();
            while (System.nanoTime() < deadline && p.isAlive() && !read(serial).contains(marker)) Thread.sleep(20);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String out = read(serial);
            return new Run(out.contains(marker), out, millis, read(qemuLog));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(false, read(serial), 0, "interrupted");
        } finally {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How far the probe guest got, in words. */
    static String reached(Run run) {
        int last = -1;
        for (int i = 0; i < STAGES.length(); i++) if (run.serial().indexOf(STAGES.charAt(i)) >= 0) last = i;
        return last < 0 ? "it printed nothing: the BIOS never handed over" : "it got as far as " + STAGE_WORDS[last];
    }

    /** QEMU's own last words (not its warnings about CPU features), when it said any. */
    static String qemuSaid(Run run) {
        List<String> said = new ArrayList<>();
        for (String line : run.qemuSaid().split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.contains("warning:") && !l.contains("terminating on signal")) said.add(l);
        }
        if (said.isEmpty()) return "";
        String text = String.join(" / ", said.subList(Math.max(0, said.size() - 3), said.size()));
        return "; QEMU said: " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("cannot clean {}: {}", dir, e.getMessage());
        }
    }
}
