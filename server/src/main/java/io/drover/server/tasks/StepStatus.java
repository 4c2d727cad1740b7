package io.drover.server.tasks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one step of a task is: pending, running, done, failed, compensated (undone after a later
 * failure or a cancel), skipped (never run because the task ended first). Stored in the task's
 * steps JSON and shown as the lower-case name, which is also what an agent's progress says.
 */
public enum StepStatus {
    PENDING, RUNNING, DONE, FAILED, COMPENSATED, SKIPPED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code wire}; a name the server never writes is a broken store, not a request error. */
    @JsonCreator
    public static StepStatus fromWire(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalStateException("unknown step status " + wire));
    }

    /** The status an agent's progress names, if it is one. */
    public static Optional<StepStatus> parse(String wire) {
        for (StepStatus s : values()) if (s.wire().equals(wire)) return Optional.of(s);
        return Optional.empty();
    }
}
