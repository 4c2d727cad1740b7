package io.drover.bench.create;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options with defaults for the create benchmarks; an empty default means required. */
final class CreateOptions {
    private CreateOptions() {}

    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> out = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: " + usage);
                System.exit(0);
            }
            if (!defaults.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("unknown option or missing value: " + args[i] + "\nusage: " + usage);
                System.exit(2);
            }
            out.put(args[i], args[++i]);
        }
        for (var e : out.entrySet()) {
            if (e.getValue().isEmpty()) {
                System.err.println(e.getKey() + " is required\nusage: " + usage);
                System.exit(2);
            }
        }
        return out;
    }

    /**
     * The in-process server logs through slf4j-simple; its lines go to {@code file} unless the
     * command line chose already. Must run before the first logger is made.
     */
    static void logServerTo(Path file) {
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        }
    }
}
