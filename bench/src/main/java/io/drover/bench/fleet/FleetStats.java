package io.drover.bench.fleet;

import java.util.concurrent.atomic.LongAdder;

/** What went wrong or was seen on the links, counted across all simulated hosts. */
final class FleetStats {
    final LongAdder heartbeats = new LongAdder();
    final LongAdder inventories = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder cancels = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder linkErrors = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder badMessages = new LongAdder();

    long errors() {
        return sendErrors.sum() + linkErrors.sum() + unexpectedCloses.sum() + badMessages.sum();
    }

    String errorDetail() {
        return "send " + sendErrors.sum() + ", link " + linkErrors.sum() + ", closed " + unexpectedCloses.sum()
                + ", bad messages " + badMessages.sum();
    }
}
