package io.drover.tracker;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line per event on stderr, {@code <ISO-8601 UTC timestamp> <LEVEL> <message>}, which is
 * what journald and {@code docker logs} collect. No logging framework: the tracker has no
 * runtime dependencies.
 */
final class TrackerLog {

    // Fixed width (always milliseconds), so the columns line up.
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final Clock clock;

    TrackerLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    void info(String message) {
        write("INFO ", message);
    }

    void warn(String message) {
        write("WARN ", message);
    }

    void error(String message) {
        write("ERROR", message);
    }

    private void write(String level, String message) {
        // One println per event so concurrent lines never interleave.
        out.println(TIMESTAMP.format(clock.instant()) + " " + level + " " + message);
    }
}
