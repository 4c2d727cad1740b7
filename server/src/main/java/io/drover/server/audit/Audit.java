package io.drover.server.audit;

import io.drover.server.http.RequestRecorder;
import io.drover.server.http.Route;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit feature, wired: the store, the write-behind log, the recorder {@code HttpApi} calls
 * for every answered request, and {@code GET /api/v1/audit}. Close it after the HTTP server, so
 * the last requests' records are stored.
 */
public final class Audit implements AutoCloseable {
    /** Records that may wait for the store at once; at a few hundred bytes each, a few MB at most. */
    public static final int QUEUE_CAPACITY = 10_000;
    /** How long a request waits for room in a full queue before its record is given up (and logged). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final Duration READ_FLUSH = Duration.ofSeconds(5);

    private final AuditLog log;
    private final AuditRecorder recorder;
    private final List<Route> routes;

    public Audit(Jdbi jdbi, Clock clock, MeterRegistry registry) {
        this(jdbi, clock, registry, QUEUE_CAPACITY, MAX_WAIT);
    }

    Audit(Jdbi jdbi, Clock clock, MeterRegistry registry, int capacity, Duration maxWait) {
        AuditStore store = new AuditStore(jdbi);
        this.log = new AuditLog(store::insert, capacity, maxWait, registry);
        this.recorder = new AuditRecorder(log, clock);
        this.routes = new AuditRoutes(store, () -> log.flush(READ_FLUSH)).routes();
    }

    public RequestRecorder recorder() {
        return recorder;
    }

    public List<Route> routes() {
        return routes;
    }

    /** Waits until every record so far is stored (tests; reads of the trail do it too). */
    public boolean flush(Duration timeout) {
        return log.flush(timeout);
    }

    @Override
    public void close() {
        log.close();
    }
}
