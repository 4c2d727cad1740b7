package io.drover.server.hosts;

import io.drover.protocol.DaemonThreads;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventType;
import io.drover.server.placement.HostStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns host liveness into events: a host's status is derived from its last heartbeat when it is
 * read, so this watch re-derives every host's status each second and records a
 * {@code host_status} event for each change. At start it takes the statuses as they are, so a
 * server restart does not announce every host anew.
 */
final class HostWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostWatch.class);
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final HostStore store;
    private final HostLiveness liveness;
    private final EventLog events;
    private final Clock clock;
    private final Map<String, HostStatus> last = new HashMap<>(); // only touched on the timer thread
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("host-watch"));
    private boolean primed;

    HostWatch(HostStore store, HostLiveness liveness, EventLog events, Clock clock) {
        this.store = store;
        this.liveness = liveness;
        this.events = events;
        this.clock = clock;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass: compares every host's status with the last pass's. */
    void check() {
        try {
            long now = clock.millis();
            Map<String, HostStatus> seen = new HashMap<>();
            for (Host h : store.all()) {
                HostStatus before = last.get(h.id());
                // A host that joined but has not heartbeated yet is offline by definition: it is not
                // tracked until its first heartbeat, which is then "joined -> online", not a flap.
                if (before == null && h.lastHeartbeatMs() == null) continue;
                HostStatus status = liveness.of(h, now);
                seen.put(h.id(), status);
                if (primed && before != status) {
                    String from = before == null ? "joined" : before.wire();
                    // No project: a host's status is fleet news for everyone who may read hosts.
                    events.append(EventType.HOST_STATUS, null, h.name(), from + " -> " + status.wire() + " (host " + h.id() + ")", now);
                    log.info("host {} ({}) is {} (was {})", h.name(), h.id(), status.wire(), from);
                }
            }
            last.clear();
            last.putAll(seen);
            primed = true;
        } catch (RuntimeException e) {
            log.warn("cannot check host liveness: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
