package io.drover.server.vms;

import io.drover.server.placement.HostStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * What the API says a VM is doing, from its phase, its host's liveness and what the host last
 * reported: creating, running, stopped, paused, error (no host, gone from its host, or stopped
 * running by itself: see {@link VmFaults}), unknown (host unreachable), deleting.
 * A VM on an unreachable host is unknown, never stopped.
 */
enum VmStatus {
    CREATING, RUNNING, STOPPED, PAUSED, ERROR, UNKNOWN, DELETING;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a caller names in a filter, if it is one. */
    static Optional<VmStatus> parse(String wire) {
        for (VmStatus s : values()) if (s.wire().equals(wire)) return Optional.of(s);
        return Optional.empty();
    }

    /** @param host the liveness of the VM's host, or null when the VM has no host */
    static VmStatus of(Vm vm, HostStatus host) {
        return of(vm.phase(), vm.hostId(), vm.observed(), host);
    }

    /** The same from the three columns it depends on (so VMs can be counted by them in SQL). */
    static VmStatus of(Vm.Phase phase, String hostId, String observed, HostStatus host) {
        if (phase == Vm.Phase.CREATING) return CREATING;
        if (phase == Vm.Phase.DELETING) return DELETING;
        if (hostId == null) return ERROR;
        if (host == null || host == HostStatus.OFFLINE) return UNKNOWN;
        return switch (Observed.of(observed)) {
            case RUNNING, SHUTTING_DOWN -> RUNNING;
            case PAUSED -> PAUSED;
            case STOPPED -> STOPPED;
            case ABSENT, ERROR, CRASHED -> ERROR;
            case NONE, OTHER -> UNKNOWN;
        };
    }
}
