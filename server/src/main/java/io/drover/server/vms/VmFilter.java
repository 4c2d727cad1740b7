package io.drover.server.vms;

import io.drover.protocol.link.DomainReport;
import java.util.List;
import java.util.Set;

/**
 * What GET /api/v1/vms narrows by, each part null for none, all of it answered by the store.
 *
 * @param reachableHosts the hosts whose VMs have a known state now (not offline), which the status
 *                       filter needs: a VM on an unreachable host is unknown, whatever it last reported
 * @param address        an address or its beginning ("10.0.")
 * @param trackedIds     VMs whose in-guest tracker reports such an address (the tracker's addresses
 *                       are held in memory, not in the store)
 */
record VmFilter(String hostId, String query, String imageId, VmStatus status, Set<String> reachableHosts, String address,
                Set<String> trackedIds) {
    static final VmFilter NONE = new VmFilter(null, null, null, null, Set.of(), null, Set.of());

    private static final List<String> RUNNING = List.of(DomainReport.RUNNING, DomainReport.SHUTTING_DOWN);
    private static final List<String> FAULTS = List.of(DomainReport.ABSENT, DomainReport.ERROR, DomainReport.CRASHED);
    private static final List<String> KNOWN = List.of(DomainReport.RUNNING, DomainReport.SHUTTING_DOWN, DomainReport.PAUSED,
            DomainReport.STOPPED, DomainReport.ABSENT, DomainReport.ERROR, DomainReport.CRASHED);

    /**
     * The condition on (phase, host_id, observed) that holds exactly for the VMs {@link VmStatus#of}
     * gives {@code status}; {@code <reachable>} is bound to {@link #reachableHosts} when not empty.
     * Only constants go into the text.
     */
    static String statusCondition(VmStatus status, boolean anyReachable) {
        String settled = "(phase IS NULL OR phase NOT IN (" + quoted(List.of(Vm.Phase.CREATING.wire(), Vm.Phase.DELETING.wire())) + "))";
        String reachable = anyReachable ? "host_id IN (<reachable>)" : "1 = 0";
        return switch (status) {
            case CREATING -> "phase = " + quoted(List.of(Vm.Phase.CREATING.wire()));
            case DELETING -> "phase = " + quoted(List.of(Vm.Phase.DELETING.wire()));
            case RUNNING -> settled + " AND " + reachable + " AND observed IN (" + quoted(RUNNING) + ")";
            case PAUSED -> settled + " AND " + reachable + " AND observed = " + quoted(List.of(DomainReport.PAUSED));
            case STOPPED -> settled + " AND " + reachable + " AND observed = " + quoted(List.of(DomainReport.STOPPED));
            case ERROR -> settled + " AND (host_id IS NULL OR (" + reachable + " AND observed IN (" + quoted(FAULTS) + ")))";
            case UNKNOWN -> settled + " AND host_id IS NOT NULL AND (NOT (" + reachable + ") OR observed IS NULL OR observed NOT IN ("
                    + quoted(KNOWN) + "))";
        };
    }

    private static String quoted(List<String> constants) {
        return String.join(", ", constants.stream().map(c -> "'" + c + "'").toList());
    }
}
