package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host commands from argument lists (never through a shell), each with a deadline. */
final class Commands {
    private Commands() {}

    /** Runs {@code command} in {@code dir} with stdin from {@code in} and stdout to {@code out}. */
    static void run(List<String> command, Path dir, Path in, Path out, long timeoutSeconds) {
        Path err = null;
        Process process = null;
        try {
            err = Files.createTempFile("drover-cmd-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectError(err.toFile())
                    .redirectOutput(out.toFile());
            builder.redirectInput(in == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                    : ProcessBuilder.Redirect.from(in.toFile()));
            process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new GuestFailed(command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new GuestFailed(command + " exited with " + process.exitValue() + ": " + Files.readString(err).strip());
            }
        } catch (IOException e) {
            throw new GuestFailed("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestFailed("interrupted while running " + command.get(0), e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // A leftover temp file is harmless; the command's outcome is what matters.
                }
            }
        }
    }

    /** The executable {@code name} on PATH, else in the usual bin and sbin directories; null if none. */
    static Path findExecutable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
