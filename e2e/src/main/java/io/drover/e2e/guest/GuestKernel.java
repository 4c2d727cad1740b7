package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A kernel for test guests and its modules: Debian's cloud kernel (linux-image-cloud-amd64) by
 * default, because it is small and boots fast under TCG. Its virtio drivers are modules, which
 * {@link BusyboxInitramfs} loads from the initramfs.
 */
public record GuestKernel(String version, Path vmlinuz, Path modulesDir) {
    private static final String FLAVOUR = "-cloud-amd64";

    public GuestKernel {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(vmlinuz, "vmlinuz");
        Objects.requireNonNull(modulesDir, "modulesDir");
    }

    /** The newest cloud kernel installed under /boot with its modules under /lib/modules. */
    public static GuestKernel installed() {
        return newest(Path.of("/boot"), Path.of("/lib/modules"));
    }

    static GuestKernel newest(Path bootDir, Path modulesRoot) {
        List<GuestKernel> kernels;
        try (Stream<Path> files = Files.list(bootDir)) {
            kernels = files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("vmlinuz-") && n.endsWith(FLAVOUR))
                    .map(n -> n.substring("vmlinuz-".length()))
                    .map(v -> new GuestKernel(v, bootDir.resolve("vmlinuz-" + v), modulesRoot.resolve(v)))
                    .filter(k -> Files.isRegularFile(k.modulesDir().resolve("modules.dep")))
                    .sorted(Comparator.comparing(GuestKernel::version, GuestKernel::compareVersions).reversed())
                    .toList();
        } catch (IOException e) {
            throw new GuestUnavailable("cannot list " + bootDir + ": " + e.getMessage());
        }
        if (kernels.isEmpty()) {
            throw new GuestUnavailable("no " + bootDir + "/vmlinuz-*" + FLAVOUR + " with modules under " + modulesRoot);
        }
        GuestKernel kernel = kernels.get(0);
        if (!Files.isReadable(kernel.vmlinuz())) {
            // Ubuntu, unlike Debian, installs kernels readable by root only.
            throw new GuestUnavailable(kernel.vmlinuz() + " is not readable by this user");
        }
        return kernel;
    }

    /** Compares "6.1.0-56-cloud-amd64" and the like number by number. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+");
        String[] y = b.split("[^0-9]+");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i].isEmpty() || y[i].isEmpty()) {
                continue;
            }
            int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
