package io.drover.tracker;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The machine's own hostname, read fresh for every heartbeat because it may be changed while the
 * tracker runs. The kernel's value comes first, then {@code /etc/hostname}; the shell tracker
 * that install.sh installs reads the same sources in the same order. {@code "(none)"}, which the
 * kernel reports when no hostname was ever set, is no name: the server would refuse it.
 */
final class HostnameReader {

    static final List<Path> LINUX_FILES = List.of(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname"));
    static final String UNSET = "(none)";

    private final List<Path> files;
    private final Callable<String> resolver;

    /**
     * @param resolver asked only when none of the files could be read (not Linux): on Linux it
     *                 would only look the kernel's name up, and for "(none)" that can wait on DNS
     */
    HostnameReader(List<Path> files, Callable<String> resolver) {
        this.files = files;
        this.resolver = resolver;
    }

    static HostnameReader system() {
        return new HostnameReader(LINUX_FILES, () -> InetAddress.getLocalHost().getHostName());
    }

    /** The hostname, or empty when no source has one; the caller then makes one up. */
    Optional<String> read() {
        boolean anyReadable = false;
        for (Path file : files) {
            try {
                Optional<String> name = firstName(Files.readString(file));
                anyReadable = true;
                if (name.isPresent()) {
                    return name;
                }
            } catch (IOException | RuntimeException unreadable) {
                // try the next source
            }
        }
        if (anyReadable) {
            return Optional.empty();
        }
        try {
            String name = resolver.call();
            return name == null ? Optional.empty() : usable(name.strip());
        } catch (Exception noName) {
            return Optional.empty();
        }
    }

    /** The first line that is neither blank nor a comment, trimmed (hostname(5)'s format). */
    static Optional<String> firstName(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst().flatMap(HostnameReader::usable);
    }

    private static Optional<String> usable(String name) {
        return name.isEmpty() || name.equals(UNSET) ? Optional.empty() : Optional.of(name);
    }
}
