package io.drover.server.audit;

import io.drover.protocol.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind for the audit trail: requests hand their record to a bounded queue and go on; one
 * writer thread stores what has queued up in batches, one transaction each, in the order recorded.
 *
 * <p>A full queue (the store is slow or down) makes the request wait for room, up to
 * {@code maxWait}, rather than drop its record: an audit trail with silent holes is worth nothing.
 * Every wait counts in {@code drover_audit_queue_full_total}; a record still without room after
 * {@code maxWait} is logged as an error and counted in {@code drover_audit_lost_total}, so a hole
 * is never silent. A failed batch is kept and retried; {@link #close} stores what is left.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    static final int BATCH = 500;
    private static final long RETRY_MS = 1000;
    private static final int CLOSE_ATTEMPTS = 3;

    /** Where batches go: the store, or a stand-in in tests. Throws to have the batch retried. */
    @FunctionalInterface
    interface Sink {
        void insert(List<AuditRecord> records);
    }

    private final Sink store;
    private final BlockingQueue<AuditRecord> queue;
    private final Duration maxWait;
    private final Counter stored;
    private final Counter queueFull;
    private final Counter lost;
    private final Thread writer;
    private final Object progress = new Object();
    private long accepted; // guarded by progress
    private long done; // stored or given up on; guarded by progress
    private volatile boolean closing;
    private volatile boolean closed;

    AuditLog(Sink store, int capacity, Duration maxWait, MeterRegistry registry) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxWait = maxWait;
        this.stored = Counter.builder("drover.audit.records").description("Audit records stored").register(registry);
        this.queueFull = Counter.builder("drover.audit.queue.full")
                .description("Times a request found the audit queue full and waited for room").register(registry);
        this.lost = Counter.builder("drover.audit.lost")
                .description("Audit records given up on: no room in the queue in time, or the store refused them at shutdown").register(registry);
        Gauge.builder("drover.audit.queued", queue, BlockingQueue::size).description("Audit records waiting to be stored").register(registry);
        this.writer = DaemonThreads.named("audit-writer").newThread(this::run);
        writer.start();
    }

    /** Queues {@code record} for the store; waits (briefly) for room when the queue is full. */
    public void append(AuditRecord record) {
        if (closed) {
            // A request answered while the server stops: stored at once, since no writer is left.
            storeNow(List.of(record));
            return;
        }
        synchronized (progress) {
            accepted++;
        }
        if (queue.offer(record)) return;
        queueFull.increment();
        try {
            if (queue.offer(record, maxWait.toMillis(), TimeUnit.MILLISECONDS)) return;
            log.error("audit queue full for {}: the record of {} {} by {} is lost", maxWait, record.method(), record.path(), record.actor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted waiting for room in the audit queue: the record of {} {} by {} is lost",
                    record.method(), record.path(), record.actor());
        }
        lost.increment();
        finished(1);
    }

    /** Waits until every record appended before this call is stored (or given up on); false if that took longer than {@code timeout}. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = accepted;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(BATCH);
        boolean failing = false;
        int closeFailures = 0;
        while (true) {
            if (batch.isEmpty()) {
                AuditRecord first;
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    first = null;
                }
                if (first == null) {
                    if (closing && queue.isEmpty()) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
            }
            try {
                store.insert(batch);
                stored.increment(batch.size());
                finished(batch.size());
                batch.clear();
                if (failing) log.info("storing audit records recovered");
                failing = false;
            } catch (RuntimeException e) {
                if (!failing) log.error("storing {} audit records failed; retrying (requests wait once the queue is full)", batch.size(), e);
                failing = true;
                if (closing && ++closeFailures >= CLOSE_ATTEMPTS) {
                    queue.drainTo(batch);
                    log.error("stopping with {} audit records the store refused: they are lost", batch.size());
                    lost.increment(batch.size());
                    finished(batch.size());
                    return;
                }
                sleepQuietly(RETRY_MS);
            }
        }
    }

    private void storeNow(List<AuditRecord> records) {
        try {
            store.insert(records);
            stored.increment(records.size());
        } catch (RuntimeException e) {
            lost.increment(records.size());
            log.error("storing an audit record after shutdown failed: {} {} by {} is lost",
                    records.get(0).method(), records.get(0).path(), records.get(0).actor(), e);
        }
    }

    private void finished(int n) {
        synchronized (progress) {
            done += n;
            progress.notifyAll();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores everything queued, then stops the writer. Call after the HTTP server stopped taking requests. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        // Anything that slipped in between the writer's last look and now.
        List<AuditRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) storeNow(rest);
        if (writer.isAlive()) log.warn("the audit writer did not finish within 30 s");
    }
}
