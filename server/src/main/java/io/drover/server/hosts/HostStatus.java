package io.drover.server.hosts;

import java.time.Duration;
import java.util.Locale;

/** A host's liveness, judged from its last heartbeat: suspect after 3 missed, offline after 6. */
enum HostStatus {
    ONLINE, SUSPECT, OFFLINE;

    /** The agent heartbeats this often unless it announces otherwise. */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    static HostStatus of(Host host, long nowMs) {
        if (host.lastHeartbeatMs() == null) return OFFLINE;
        long missed = (nowMs - host.lastHeartbeatMs()) / Math.max(1, host.heartbeatMs());
        return missed >= 6 ? OFFLINE : missed >= 3 ? SUSPECT : ONLINE;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
