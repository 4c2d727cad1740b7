package io.drover.bench.create;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared bits of the create benchmarks: the guest's seed contents, file modes for QEMU, running tools with a timeout. */
final class CreateFiles {
    static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDroverBenchKeyDroverBenchKeyDroverBenchKey0 bench@drover";
    static final String USER_DATA = "#!/bin/sh\necho bench user-data\n";

    private CreateFiles() {}

    /**
     * QEMU runs as another user under qemu:///system: {@code dir} and its parents up to and
     * including {@code root} (the benchmark's work dir, which mktemp made 0700) become 0755.
     */
    static void openToQemu(Path dir, Path root) throws IOException {
        Path top = root.toAbsolutePath().normalize();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && p.startsWith(top); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    static void makeReadable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    /** What a finished tool run printed and its exit status. */
    record Ran(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** Runs {@code cmd} in {@code dir} (null: here), stdout and stderr together, killed after {@code timeoutSeconds}. */
    static Ran run(List<String> cmd, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        // Outputs here are small; reading them whole before waiting cannot block the tool.
        byte[] out = p.getInputStream().readNBytes(1 << 20);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@code run} that throws unless the tool exits 0. */
    static String runOk(List<String> cmd, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        Ran r = run(cmd, dir, timeoutSeconds);
        if (!r.ok()) throw new IOException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output().strip());
        return r.output();
    }

    static Ran virsh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", CreateEvents.URI));
        cmd.addAll(List.of(args));
        return run(cmd, null, 60);
    }

    /** Whether libvirt knows a domain (running or defined) by this UUID or name. */
    static boolean domainExists(String uuidOrName) throws IOException, InterruptedException {
        return virsh("domstate", uuidOrName).ok();
    }
}
