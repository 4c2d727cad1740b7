package io.drover.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A human name for the operating system, e.g. {@code Debian GNU/Linux 12 (bookworm)}. */
final class OsRelease {

    /** os-release(5): /etc/os-release, else /usr/lib/os-release. */
    static final List<Path> STANDARD_FILES = List.of(Path.of("/etc/os-release"), Path.of("/usr/lib/os-release"));

    private OsRelease() {
    }

    /** PRETTY_NAME from the first readable file, else the JVM's os.name and os.version. */
    static String prettyName(List<Path> files) {
        for (Path file : files) {
            try {
                Optional<String> name = prettyNameIn(Files.readString(file));
                if (name.isPresent()) {
                    return name.get();
                }
            } catch (IOException | RuntimeException unreadable) {
                // try the next file
            }
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** Parses the shell-like {@code KEY=value} syntax, with optional single or double quotes. */
    static Optional<String> prettyNameIn(String osRelease) {
        for (String line : osRelease.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("PRETTY_NAME=")) {
                continue;
            }
            String value = trimmed.substring("PRETTY_NAME=".length());
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            } else if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                // inside double quotes, \ escapes $ " \ and `
                value = value.substring(1, value.length() - 1).replaceAll("\\\\([$\"\\\\`])", "$1");
            }
            return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }
        return Optional.empty();
    }
}
