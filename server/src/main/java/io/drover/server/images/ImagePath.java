package io.drover.server.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Checks a path an admin registers: an absolute path to a readable regular file outside Drover's own image store. */
final class ImagePath {
    private ImagePath() {}

    static Path check(String value, Path imagesDir) {
        if (value == null || value.isEmpty()) throw new ImagePathRefused("path is required");
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ImagePathRefused("path is not a valid file path: " + e.getReason());
        }
        if (!path.isAbsolute()) throw new ImagePathRefused("path must be absolute: " + value);
        if (!Files.exists(path)) throw new ImagePathRefused("no file at " + value);
        if (Files.isDirectory(path)) throw new ImagePathRefused(value + " is a directory, not a file");
        // Devices and FIFOs are refused too: hashing a FIFO would wait forever.
        if (!Files.isRegularFile(path)) throw new ImagePathRefused(value + " is not a regular file");
        if (!Files.isReadable(path)) throw new ImagePathRefused(value + " is not readable by the server");
        try {
            // Uploaded files are deleted with their image; one registered by path must never be.
            if (path.toRealPath().startsWith(imagesDir.toRealPath())) {
                throw new ImagePathRefused(value + " is in Drover's own image store; upload the image instead");
            }
        } catch (IOException e) {
            throw new ImagePathRefused("cannot resolve " + value + ": " + e.getMessage());
        }
        return path;
    }
}
