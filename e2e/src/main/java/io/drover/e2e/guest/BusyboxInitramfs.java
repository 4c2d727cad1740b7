package io.drover.e2e.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Builds the test guests' initramfs: Debian's static busybox, the kernel modules for a virtio
 * NIC, and an {@code /init} that takes the network up with DHCP, fetches the server's
 * {@code install.sh} and runs it (resource {@code init.sh} beside this class). Nothing else is in
 * it, so a guest boots in seconds under TCG.
 *
 * <p>Images are cached in a directory keyed by kernel version and a hash of every input, so a
 * test run builds at most once and a changed input never reuses a stale image.
 *
 * <p>{@link Contents} says which /init, modules and extra files go in; the public constructor
 * builds the tracker guest above, {@link CloudImage} builds its NoCloud guest with other contents.
 */
public final class BusyboxInitramfs {
    /** The PCI transport and the NIC driver; their dependencies come from modules.dep. */
    static final List<String> NIC_MODULES = List.of("virtio_pci", "virtio_net");
    /** Bumped when the image layout changes in a way the hashed inputs do not show. */
    private static final String FORMAT = "drover-guest-initramfs-2";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final List<String> DIRECTORIES = List.of(
            "bin", "sbin", "usr", "usr/bin", "usr/sbin", "usr/share", "usr/share/udhcpc", "etc", "lib",
            "lib/modules", "proc", "sys", "dev", "tmp", "run", "var", "var/run", "var/log", "root");

    /**
     * What an image holds besides busybox: the resource that becomes /init, the modules to load
     * (by name; their dependencies are added) and extra files, guest path (relative, e.g.
     * {@code usr/share/udhcpc/default.script}) to resource name, all installed executable.
     */
    record Contents(String init, List<String> modules, Map<String, String> files) {
        Contents {
            Objects.requireNonNull(init, "init");
            modules = List.copyOf(modules);
            files = Map.copyOf(files);
        }
    }

    /** The tracker guest: DHCP, then the server's install.sh (resource init.sh). */
    static final Contents TRACKER = new Contents("init.sh", NIC_MODULES,
            Map.of("usr/share/udhcpc/default.script", "udhcpc.script"));

    private final GuestKernel kernel;
    private final Path busybox;
    private final Path cacheDir;
    private final Contents contents;

    public BusyboxInitramfs(GuestKernel kernel, Path busybox, Path cacheDir) {
        this(kernel, busybox, cacheDir, TRACKER);
    }

    BusyboxInitramfs(GuestKernel kernel, Path busybox, Path cacheDir, Contents contents) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.busybox = Objects.requireNonNull(busybox, "busybox");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.contents = Objects.requireNonNull(contents, "contents");
    }

    /** The installed cloud kernel, Debian's {@code /bin/busybox} and {@link #defaultCacheDir()}. */
    public static BusyboxInitramfs forHost() {
        return new BusyboxInitramfs(GuestKernel.installed(), Path.of("/bin/busybox"), defaultCacheDir());
    }

    /** {@code target/guest-cache} when run from a Maven module, else under {@code java.io.tmpdir}. */
    public static Path defaultCacheDir() {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        if (Files.isDirectory(target)) {
            return target.resolve("guest-cache");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "drover-guest-cache");
    }

    public GuestKernel kernel() {
        return kernel;
    }

    /** The gzip'd newc cpio image, built now unless an identical one is cached. */
    public Path build() {
        checkStaticBusybox();
        ModuleDeps deps = ModuleDeps.read(kernel.modulesDir());
        List<String> modules = deps.loadOrder(contents.modules());
        byte[] init = resource(contents.init());
        // Sorted, so the cache key does not depend on the map's iteration order.
        Map<String, byte[]> files = new TreeMap<>();
        contents.files().forEach((path, name) -> files.put(path, resource(name)));
        Path image = cacheDir.resolve(kernel.version() + "-" + cacheKey(modules, init, files)).resolve("initramfs.gz");
        if (Files.isRegularFile(image)) {
            return image;
        }
        Path work = null;
        try {
            Files.createDirectories(image.getParent());
            work = Files.createTempDirectory(cacheDir, "build-");
            Path root = Files.createDirectory(work.resolve("root"));
            stage(root, modules, init, files);

            Path list = work.resolve("files");
            Files.write(list, listTree(root));
            Path cpio = work.resolve("initramfs.cpio");
            Commands.run(List.of(tool("cpio"), "--quiet", "-o", "-H", "newc", "-R", "0:0"), root, list, cpio,
                    COMMAND_TIMEOUT_SECONDS);
            Path gz = work.resolve("initramfs.gz");
            Commands.run(List.of(tool("gzip"), "-6", "-n", "-c", cpio.toString()), work, null, gz,
                    COMMAND_TIMEOUT_SECONDS);
            // Atomic, so a concurrent build or an interrupted one never leaves a torn image.
            Files.move(gz, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return image;
        } catch (IOException e) {
            throw new GuestFailed("cannot build the guest initramfs in " + cacheDir, e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private void stage(Path root, List<String> modules, byte[] init, Map<String, byte[]> files) throws IOException {
        for (String dir : DIRECTORIES) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.copy(busybox, root.resolve("bin/busybox"));
        executable(root.resolve("bin/busybox"));
        Files.write(root.resolve("init"), init);
        executable(root.resolve("init"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = root.resolve(file.getKey()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new IllegalArgumentException("not a path inside the image: " + file.getKey());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
            executable(target);
        }
        Files.writeString(root.resolve("etc/os-release"),
                "NAME=\"Drover e2e guest\"\nPRETTY_NAME=\"Drover e2e guest (busybox)\"\nID=drover-e2e\n");

        StringBuilder loadList = new StringBuilder();
        for (String module : modules) {
            String file = ModuleDeps.moduleName(module) + ".ko";
            uncompressModule(kernel.modulesDir().resolve(module), root.resolve("lib/modules").resolve(file));
            loadList.append(file).append('\n');
        }
        Files.writeString(root.resolve("etc/drover-modules"), loadList);
    }

    /** Copies a module, uncompressing .ko.xz/.ko.zst/.ko.gz: busybox insmod wants plain .ko. */
    private static void uncompressModule(Path source, Path target) throws IOException {
        String name = source.getFileName().toString();
        if (name.endsWith(".ko")) {
            Files.copy(source, target);
        } else if (name.endsWith(".ko.xz")) {
            Commands.run(List.of(tool("xz"), "-dc", source.toString()), target.getParent(), null, target,
                    COMMAND_TIMEOUT_SECONDS);
        } else if (name.endsWith(".ko.zst")) {
            Commands.run(List.of(tool("zstd"), "-dcq", source.toString()), target.getParent(), null, target,
                    COMMAND_TIMEOUT_SECONDS);
        } else if (name.endsWith(".ko.gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(source));
                    OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
        } else {
            throw new GuestUnavailable("unknown kernel module format: " + source);
        }
    }

    private void checkStaticBusybox() {
        if (!Files.isRegularFile(busybox)) {
            throw new GuestUnavailable(busybox + " is missing");
        }
        try (InputStream in = Files.newInputStream(busybox)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            // A dynamic busybox names its loader in PT_INTERP near the start; the initramfs has no libc.
            if (head.contains("/lib64/ld-linux") || head.contains("/lib/ld-linux")) {
                throw new GuestUnavailable(busybox + " is dynamically linked; install busybox-static");
            }
        } catch (IOException e) {
            throw new GuestUnavailable("cannot read " + busybox + ": " + e.getMessage());
        }
    }

    private String cacheKey(List<String> modules, byte[] init, Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            sha.update(kernel.version().getBytes(StandardCharsets.UTF_8));
            sha.update(init);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
            }
            sha.update(Files.readAllBytes(busybox));
            for (String module : modules) {
                sha.update(module.getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(kernel.modulesDir().resolve(module)));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new GuestUnavailable("cannot read the initramfs inputs: " + e.getMessage());
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = BusyboxInitramfs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the e2e jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tool(String name) {
        Path path = Commands.findExecutable(name);
        if (path == null) {
            throw new GuestUnavailable(name + " is not installed");
        }
        return path.toString();
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Paths relative to {@code root}, parents before children, as cpio wants them. */
    private static List<String> listTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> paths = new ArrayList<>();
            walk.filter(p -> !p.equals(root)).sorted().forEach(p -> paths.add(root.relativize(p).toString()));
            return paths;
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
