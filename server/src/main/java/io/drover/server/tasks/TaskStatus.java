package io.drover.server.tasks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a task is: pending, running, or ended as succeeded, failed or cancelled. Stored and shown as the lower-case name. */
public enum TaskStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The status named {@code wire}; a name the server never writes is a broken store, not a request error. */
    public static TaskStatus fromWire(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalStateException("unknown task status " + wire));
    }

    /** The status a caller names in a filter, if it is one. */
    public static Optional<TaskStatus> parse(String wire) {
        for (TaskStatus s : values()) if (s.wire().equals(wire)) return Optional.of(s);
        return Optional.empty();
    }
}
