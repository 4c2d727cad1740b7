package io.drover.bench.fleet;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * What went wrong or was seen on the links, counted across all simulated hosts. While
 * {@link #restarting} is set (the simulator restarts the server on purpose) dropped links, failed
 * reconnects and failed sends are expected and counted apart from errors.
 */
final class FleetStats {
    final LongAdder heartbeats = new LongAdder();
    final LongAdder inventories = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder cancels = new LongAdder();
    final LongAdder welcomes = new LongAdder();
    final LongAdder connectAttempts = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder badMessages = new LongAdder();
    /** Links dropped or refused while nothing was restarting: errors. */
    final LongAdder drops = new LongAdder();
    final LongAdder failedAttempts = new LongAdder();
    /** The same while the server restarts on purpose: expected. */
    final LongAdder expectedDrops = new LongAdder();
    final LongAdder expectedFailedAttempts = new LongAdder();
    final LongAdder expectedSendErrors = new LongAdder();
    /** How the links ended: a close frame from the server, or an I/O error (reset, EOF). */
    final LongAdder closes = new LongAdder();
    final LongAdder linkErrors = new LongAdder();
    /** Per host and drop: last heartbeat sent before it → first heartbeat sent after the relink, ms. */
    final ConcurrentHistogram dropGapMs = new ConcurrentHistogram(3_600_000L, 3);
    volatile boolean restarting;
    final boolean verbose = Boolean.getBoolean("fleet.verbose");

    void dropped() {
        (restarting ? expectedDrops : drops).increment();
    }

    void attemptFailed() {
        (restarting ? expectedFailedAttempts : failedAttempts).increment();
    }

    void sendFailed() {
        (restarting ? expectedSendErrors : sendErrors).increment();
    }

    void dropGap(long ms) {
        dropGapMs.recordValue(Math.min(ms, dropGapMs.getHighestTrackableValue()));
    }

    long errors() {
        return sendErrors.sum() + badMessages.sum() + drops.sum() + failedAttempts.sum();
    }

    String errorDetail() {
        return "send " + sendErrors.sum() + ", dropped " + drops.sum() + ", failed connects " + failedAttempts.sum()
                + ", bad messages " + badMessages.sum();
    }
}
