package io.drover.server.tracker;

/**
 * A registry slot: the machine as of its last change, plus when it was last seen. A heartbeat that
 * changes nothing else only moves {@link #lastSeenMs}, so it leaves no garbage that outlives the
 * request; with 100,000 machines, replacing the whole record every time made the collector copy
 * tens of megabytes per young collection (100–200 ms pauses; see bench/README.md).
 */
final class Tracked {
    final Machine machine;
    volatile long lastSeenMs;

    Tracked(Machine machine) {
        this.machine = machine;
        this.lastSeenMs = machine.lastSeenMs();
    }

    /** The machine with its current last_seen. */
    Machine view() {
        long seen = lastSeenMs;
        return seen == machine.lastSeenMs() ? machine : machine.withLastSeen(seen);
    }

    MachineStatus status() {
        return machine.status();
    }
}
