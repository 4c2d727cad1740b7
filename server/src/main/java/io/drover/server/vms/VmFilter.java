package io.drover.server.vms;

import io.drover.protocol.link.DomainReport;
import io.drover.server.placement.HostStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What GET /api/v1/vms narrows by, each part null for none, all of it answered by the store.
 *
 * @param hosts          every host's liveness now, which the status filter needs: a VM on an offline
 *                       host is unknown, whatever it last reported
 * @param address        an address or its beginning ("10.0.")
 * @param trackedIds     VMs whose in-guest tracker reports such an address (the tracker's addresses
 *                       are held in memory, not in the store)
 */
record VmFilter(String hostId, String query, String imageId, VmStatus status, Map<String, HostStatus> hosts, String address,
                Set<String> trackedIds) {
    static final VmFilter NONE = new VmFilter(null, null, null, null, Map.of(), null, Set.of());

    private static final List<String> RUNNING = List.of(DomainReport.RUNNING, DomainReport.SHUTTING_DOWN);
    private static final List<String> FAULTS = List.of(DomainReport.ABSENT, DomainReport.ERROR, DomainReport.CRASHED);
    private static final List<String> KNOWN = List.of(DomainReport.RUNNING, DomainReport.SHUTTING_DOWN, DomainReport.PAUSED,
            DomainReport.STOPPED, DomainReport.ABSENT, DomainReport.ERROR, DomainReport.CRASHED);

    /**
     * The hosts the status condition names: the offline ones when there are no more of them than
     * of reachable ones ({@code unreachable}), else the reachable ones; bound as {@code <hostList>}.
     */
    record HostList(boolean unreachable, List<String> ids) {}

    /** Worked out once per query from {@link #hosts}. */
    HostList hostList() {
        long offline = hosts.values().stream().filter(s -> s == HostStatus.OFFLINE).count();
        boolean unreachable = !hosts.isEmpty() && offline <= hosts.size() - offline;
        return new HostList(unreachable, hosts.entrySet().stream().filter(e -> (e.getValue() == HostStatus.OFFLINE) == unreachable)
                .map(Map.Entry::getKey).sorted().toList());
    }

    /**
     * The condition on (phase, host_id, observed) that holds exactly for the VMs {@link VmStatus#of}
     * gives {@code status}, with reachability said by {@code list} ({@code host_id NOT IN} the
     * offline hosts, or {@code IN} the reachable ones). {@code NOT IN} relies on a VM's host_id
     * naming a host that exists: removing a host unplaces its VMs right after
     * ({@code VmObserver.hostRemoved}); in the moment between, such a VM may be filtered by its last
     * state while it is shown as unknown. Only constants go into the text.
     */
    String statusCondition(HostList list) {
        String settled = "(phase IS NULL OR phase NOT IN (" + quoted(List.of(Vm.Phase.CREATING.wire(), Vm.Phase.DELETING.wire())) + "))";
        // No subquery on hosts here: heartbeats change its rows all the time, and H2 then runs such a
        // subquery again for every VM it looks at.
        String reachable = list.ids().isEmpty() ? (list.unreachable() ? "host_id IS NOT NULL" : "1 = 0")
                : list.unreachable() ? "host_id NOT IN (<hostList>)" : "host_id IN (<hostList>)";
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
