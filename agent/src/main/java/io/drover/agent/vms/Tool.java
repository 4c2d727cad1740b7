package io.drover.agent.vms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an external program from an argument list (never through a shell, so nothing in an
 * argument is interpreted), with a timeout; on failure its stderr goes into the error.
 */
final class Tool {
    private static final int MAX_ERROR_CHARS = 2000;

    private Tool() {}

    static void run(List<String> command, Path workDir, Duration timeout) throws ToolFailed {
        execute(command, workDir, timeout, false);
    }

    /** Runs the program like {@link #run} and answers what it wrote to stdout. */
    static String output(List<String> command, Duration timeout) throws ToolFailed {
        return execute(command, null, timeout, true);
    }

    private static String execute(List<String> command, Path workDir, Duration timeout, boolean keepOutput) throws ToolFailed {
        String what = command.get(0);
        Process p;
        try {
            ProcessBuilder b = new ProcessBuilder(command);
            if (!keepOutput) b.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (workDir != null) b.directory(workDir.toFile());
            p = b.start();
        } catch (IOException e) {
            throw new ToolFailed("cannot run " + what + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        CompletableFuture<String> stdout = keepOutput ? CompletableFuture.supplyAsync(() -> read(p.getInputStream()))
                : CompletableFuture.completedFuture("");
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new ToolFailed(what + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                String err = stderr.get(5, TimeUnit.SECONDS).strip();
                if (err.length() > MAX_ERROR_CHARS) err = err.substring(0, MAX_ERROR_CHARS) + "…";
                throw new ToolFailed(what + " failed (exit " + p.exitValue() + "): " + err);
            }
            return stdout.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ToolFailed(what + " was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ToolFailed(what + " failed (exit " + p.exitValue() + ") and its error output could not be read", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }
}
