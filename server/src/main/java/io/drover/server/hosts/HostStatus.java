package io.drover.server.hosts;

import java.time.Duration;
import java.util.Locale;

/** A host's liveness, judged from its last heartbeat: suspect after 3 missed, offline after 6. */
enum HostStatus {
    ONLINE, SUSPECT, OFFLINE;

    /** The agent heartbeats this often; the thresholds count missed heartbeats. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    static HostStatus of(Long lastHeartbeatMs, long nowMs) {
        if (lastHeartbeatMs == null) return OFFLINE;
        long missed = (nowMs - lastHeartbeatMs) / HEARTBEAT_INTERVAL.toMillis();
        return missed >= 6 ? OFFLINE : missed >= 3 ? SUSPECT : ONLINE;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
