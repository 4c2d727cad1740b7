package io.drover.agent.vms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the agent keeps VM files under its data dir: {@code images/<sha256>.<format>} (the base
 * image cache) and {@code vms/<vm id>/} with {@code disk.qcow2}, {@code seed.iso} and
 * {@code console.log}. Paths are built only from checked UUIDs and checksums, never from names.
 * On qemu:///system QEMU runs as another user, so directories are 0755 and files 0644.
 */
public final class VmFiles {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path dataDir;

    public VmFiles(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path imagesDir() {
        return dataDir.resolve("images");
    }

    public Path image(String sha256, String format) throws InvalidVmSpec {
        return imagesDir().resolve(SpecCheck.sha256(sha256) + "." + SpecCheck.format(format));
    }

    public Path vmDir(String vmId) throws InvalidVmSpec {
        return dataDir.resolve("vms").resolve(SpecCheck.vmId(vmId));
    }

    public Path disk(String vmId) throws InvalidVmSpec {
        return vmDir(vmId).resolve("disk.qcow2");
    }

    public Path seed(String vmId) throws InvalidVmSpec {
        return vmDir(vmId).resolve("seed.iso");
    }

    public Path consoleLog(String vmId) throws InvalidVmSpec {
        return vmDir(vmId).resolve("console.log");
    }

    /** Creates the VM's directory (and its parents) so that QEMU's user can reach into it. */
    public Path createVmDir(String vmId) throws InvalidVmSpec, IOException {
        Path dir = vmDir(vmId);
        createReadable(dir);
        return dir;
    }

    /** Creates the image cache directory, readable by QEMU's user. */
    public Path createImagesDir() throws IOException {
        createReadable(imagesDir());
        return imagesDir();
    }

    /** Removes the VM's directory and everything in it; nothing there is fine. */
    public void removeVmDir(String vmId) throws InvalidVmSpec, IOException {
        Path dir = vmDir(vmId);
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    /** Makes {@code dir} and every missing parent up to the data dir, each 0755. */
    private void createReadable(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path p = dir; p != null && p.startsWith(dataDir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, DIR);
        }
    }

    static void makeReadable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, FILE);
    }
}
