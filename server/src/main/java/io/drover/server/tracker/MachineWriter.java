package io.drover.server.tracker;

import io.drover.protocol.DaemonThreads;
import io.drover.server.events.Event;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventStore;
import io.drover.server.tracker.MachineRegistry.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind for the tracker: every flush interval it stores the current state of each machine
 * changed since the last flush, and the new events, in one transaction. Batching is what lets a
 * server take tens of thousands of heartbeats a second; the interval bounds how long an
 * acknowledged heartbeat may live only in memory. A failed write is retried on the next flush.
 */
public final class MachineWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MachineWriter.class);

    private final MachineRegistry registry;
    private final MachineStore machines;
    private final SeenLog seenLog;
    private final EventLog events;
    private final EventStore eventStore;
    private final Jdbi jdbi;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("machine-writer"));
    private volatile boolean failing;

    MachineWriter(MachineRegistry registry, MachineStore machines, SeenLog seenLog, EventLog events, EventStore eventStore, Jdbi jdbi) {
        this.registry = registry;
        this.machines = machines;
        this.seenLog = seenLog;
        this.events = events;
        this.eventStore = eventStore;
        this.jdbi = jdbi;
    }

    void start(Duration every) {
        timer.scheduleWithFixedDelay(this::flushQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
            if (failing) log.info("store writes recovered");
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) log.error("storing tracker changes failed; retrying every flush", e);
            failing = true;
        }
    }

    /** Stores everything changed so far; returns when it is committed. */
    public synchronized void flush() {
        Map<String, Change> changes = registry.drainDirty();
        List<Event> newEvents = events.drainUnsaved();
        if (changes.isEmpty() && newEvents.isEmpty()) return;
        List<Machine> seen = new ArrayList<>(changes.size());
        List<Machine> changed = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        changes.forEach((hostname, change) -> registry.get(hostname).ifPresentOrElse(
                m -> (change == Change.SEEN ? seen : changed).add(m), () -> gone.add(hostname)));
        boolean compact = seenLog.wantsCompaction(registry.size());
        try {
            jdbi.useTransaction(h -> {
                seenLog.append(h, seen);
                machines.upsert(h, changed);
                machines.delete(h, gone);
                eventStore.insert(h, newEvents);
                if (compact) seenLog.compact(h, registry.all(null));
            });
            if (compact) seenLog.compacted();
        } catch (RuntimeException e) {
            registry.markDirty(changes);
            events.requeue(newEvents);
            throw e;
        }
    }

    /** Stops the timer and stores what is left. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
