package io.drover.server.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories an admin may register images from by server path ({@code --image-dir}); none
 * turns registration by path off. A path is resolved to its real path (symlinks and {@code ..})
 * before it is checked, and Drover's data dir (its keys, database and uploads) is never allowed,
 * even inside an image directory. Whether a path outside them exists is not revealed: a missing
 * file and a forbidden one get the same answer.
 */
public final class ImageDirs {
    private final List<Path> roots;
    private final Path dataDir;

    /** {@code roots} must exist; {@code dataDir} is the server's data dir. */
    public ImageDirs(List<Path> roots, Path dataDir) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                throw new UncheckedIOException("the image dir " + root + " cannot be used: " + e.getMessage(), e);
            }
        }
        this.roots = List.copyOf(real);
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    public static ImageDirs none(Path dataDir) {
        return new ImageDirs(List.of(), dataDir);
    }

    boolean enabled() {
        return !roots.isEmpty();
    }

    /** The real path of an image file an admin asked to register; {@link ImagePathRefused} otherwise. */
    Path check(String value) {
        if (value == null || value.isEmpty()) throw new ImagePathRefused("path is required");
        if (!enabled()) throw new ImagePathRefused(ImagePathRefused.OFF);
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ImagePathRefused("path is not a valid file path: " + e.getReason());
        }
        if (!path.isAbsolute()) throw new ImagePathRefused("path must be absolute: " + value);
        Path real = allowed(path);
        if (real == null) throw new ImagePathRefused(notAllowed(value));
        if (Files.isDirectory(real)) throw new ImagePathRefused(value + " is a directory, not a file");
        // Devices and FIFOs are refused too: hashing a FIFO would wait forever.
        if (!Files.isRegularFile(real)) throw new ImagePathRefused(value + " is not a regular file");
        if (!Files.isReadable(real)) throw new ImagePathRefused(value + " is not readable by the server");
        return real;
    }

    /** True when a registered file still lies in an image directory (the dirs may have changed since, or a link moved). */
    boolean stillAllowed(Path registered) {
        return allowed(registered) != null;
    }

    /** The real path when it lies in an image directory and outside the data dir, else null (also when it does not exist). */
    private Path allowed(Path path) {
        Path real;
        Path data;
        try {
            real = path.toRealPath();
            data = Files.exists(dataDir) ? dataDir.toRealPath() : dataDir;
        } catch (IOException e) {
            return null;
        }
        if (real.startsWith(data)) return null;
        for (Path root : roots) {
            if (real.startsWith(root)) return real;
        }
        return null;
    }

    private String notAllowed(String value) {
        return "no image file " + value + " in an image directory of this server (--image-dir " + String.join(", ", roots.stream().map(Path::toString).toList())
                + "; never in its data dir)";
    }
}
