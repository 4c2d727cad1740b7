package io.drover.tracker;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The machine's hostname, read fresh for every heartbeat because it may be changed while the
 * tracker runs. The kernel's value comes first: it needs no DNS, unlike
 * {@code InetAddress.getLocalHost()}, which is only the fallback.
 */
final class HostnameReader {

    static final List<Path> LINUX_FILES = List.of(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"));

    private final List<Path> files;
    private final Callable<String> fallback;

    HostnameReader(List<Path> files, Callable<String> fallback) {
        this.files = files;
        this.fallback = fallback;
    }

    static HostnameReader system() {
        return new HostnameReader(LINUX_FILES, () -> InetAddress.getLocalHost().getHostName());
    }

    /** The hostname, or {@code unknown} when no source has one. */
    String read() {
        for (Path file : files) {
            try {
                String name = Files.readString(file).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException unreadable) {
                // try the next source
            }
        }
        try {
            String name = fallback.call();
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        } catch (Exception noName) {
            // fall through: the server still gets a record, named "unknown"
        }
        return "unknown";
    }
}
