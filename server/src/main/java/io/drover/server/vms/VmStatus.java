package io.drover.server.vms;

import io.drover.protocol.link.DomainReport;
import java.util.Set;

/**
 * What the API says a VM is doing, from its phase, its host's liveness and what the host last
 * reported: creating, running, stopped, paused, error (no host, gone from its host, or stopped
 * running by itself: see {@link VmFaults}), unknown (host unreachable), deleting.
 * A VM on an unreachable host is unknown, never stopped.
 */
final class VmStatus {
    static final String CREATING = "creating", RUNNING = "running", STOPPED = "stopped", PAUSED = "paused",
            ERROR = "error", UNKNOWN = "unknown", DELETING = "deleting";
    static final Set<String> ALL = Set.of(CREATING, RUNNING, STOPPED, PAUSED, ERROR, UNKNOWN, DELETING);

    private VmStatus() {}

    /** @param hostStatus online, suspect, offline, or null when the VM has no host */
    static String of(Vm vm, String hostStatus) {
        if (Vm.CREATING.equals(vm.phase())) return CREATING;
        if (Vm.DELETING.equals(vm.phase())) return DELETING;
        if (vm.hostId() == null) return ERROR;
        if (hostStatus == null || "offline".equals(hostStatus)) return UNKNOWN;
        if (vm.observed() == null) return UNKNOWN;
        return switch (vm.observed()) {
            case DomainReport.RUNNING, DomainReport.SHUTTING_DOWN -> RUNNING;
            case DomainReport.PAUSED -> PAUSED;
            case DomainReport.STOPPED -> STOPPED;
            case DomainReport.ABSENT, DomainReport.ERROR, DomainReport.CRASHED -> ERROR;
            default -> UNKNOWN;
        };
    }
}
