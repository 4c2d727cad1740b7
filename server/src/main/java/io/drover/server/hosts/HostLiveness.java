package io.drover.server.hosts;

/**
 * Host liveness as this server judges it. A host cannot heartbeat to a server that is down, so
 * the time this server was not running is not held against the hosts that were online when it
 * stopped: for them the count of missed heartbeats starts again when this server started, and
 * they have the usual three intervals to link again (agents back off to 30 s at most). Hosts
 * already suspect or offline then are judged from their last heartbeat as always.
 */
final class HostLiveness {
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
            return HostStatus.of(withLastHeartbeat(host, startedMs), nowMs);
        }
        return HostStatus.of(host, nowMs);
    }

    private boolean wasOnlineAtStop(Host host) {
        return stoppedMs != null && HostStatus.of(host, stoppedMs) == HostStatus.ONLINE;
    }

    private static Host withLastHeartbeat(Host h, long atMs) {
        return new Host(h.id(), h.name(), h.project(), h.enabled(), h.joinedMs(), atMs, h.heartbeatMs(), h.facts(), h.accelSetting(), h.warning());
    }
}
