package io.drover.server.hosts;

import io.drover.server.placement.HostStatus;
import java.time.Duration;

/**
 * Host liveness as this server judges it. A host cannot heartbeat to a server that is down, so
 * the time this server was not running is not held against the hosts that were online when it
 * stopped: for them the count of missed heartbeats starts again when this server started, and
 * they have the usual three intervals to link again (agents back off to 30 s at most). Hosts
 * already suspect or offline then are judged from their last heartbeat as always.
 */
final class HostLiveness {
    /** The agent heartbeats this often unless it announces otherwise. */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    private final long startedMs;
    /** The newest heartbeat of any host at start: about when the previous run stopped (null on a fresh store). */
    private final Long stoppedMs;

    HostLiveness(long startedMs, Long stoppedMs) {
        this.startedMs = startedMs;
        this.stoppedMs = stoppedMs;
    }

    static HostLiveness atStart(HostStore store, long nowMs) {
        return new HostLiveness(nowMs, store.newestHeartbeat());
    }

    HostStatus of(Host host, long nowMs) {
        Long last = host.lastHeartbeatMs();
        if (last != null && last < startedMs && wasOnlineAtStop(host)) {
            return judge(withLastHeartbeat(host, startedMs), nowMs);
        }
        return judge(host, nowMs);
    }

    /** From the last heartbeat alone: suspect after 3 missed, offline after 6. */
    static HostStatus judge(Host host, long nowMs) {
        if (host.lastHeartbeatMs() == null) return HostStatus.OFFLINE;
        long missed = (nowMs - host.lastHeartbeatMs()) / Math.max(1, host.heartbeatMs());
        return missed >= 6 ? HostStatus.OFFLINE : missed >= 3 ? HostStatus.SUSPECT : HostStatus.ONLINE;
    }

    private boolean wasOnlineAtStop(Host host) {
        return stoppedMs != null && judge(host, stoppedMs) == HostStatus.ONLINE;
    }

    private static Host withLastHeartbeat(Host h, long atMs) {
        return new Host(h.id(), h.name(), h.project(), h.enabled(), h.joinedMs(), atMs, h.heartbeatMs(), h.facts(), h.accelSetting(), h.warning());
    }
}
