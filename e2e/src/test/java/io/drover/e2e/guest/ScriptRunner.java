package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs install.sh and the shell tracker under a given shell, with a deadline, for tests. */
final class ScriptRunner {
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    /** The shells install.sh must work under: Debian's /bin/sh and busybox ash. */
    static Stream<List<String>> shells() {
        Path dash = Commands.findExecutable("dash");
        if (dash == null) {
            throw new IllegalStateException("dash is not installed (Debian package dash)");
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            throw new IllegalStateException("/bin/busybox is not installed (Debian package busybox-static)");
        }
        return Stream.of(List.of(dash.toString()), List.of("/bin/busybox", "sh"));
    }

    private ScriptRunner() {}

    static Result run(List<String> shell, Path script, List<String> args, Map<String, String> env, Path workDir) {
        List<String> command = new ArrayList<>(shell);
        command.add(script.toString());
        command.addAll(args);
        return run(command, env, workDir);
    }

    static Result run(List<String> command, Map<String, String> env, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().remove("DROVER_ROOT");
        builder.environment().remove("DROVER_NO_START");
        builder.environment().putAll(env);
        try {
            Path out = Files.createTempFile(workDir, "out-", ".txt");
            Path err = Files.createTempFile(workDir, "err-", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
