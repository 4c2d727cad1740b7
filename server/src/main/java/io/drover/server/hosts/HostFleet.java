package io.drover.server.hosts;

import io.drover.server.placement.HostStatus;
import io.drover.server.placement.Placement;
import io.drover.server.placement.PlacementPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The hosts as placement and the VM feature see them: status, capacity, allocation. */
public final class HostFleet implements Placement.Fleet {
    private final HostStore store;
    private final HostLiveness liveness;

    /** Built once at server start: liveness allows for this server's own downtime (see {@link HostLiveness}). */
    public HostFleet(Jdbi jdbi, long startedMs) {
        this.store = new HostStore(jdbi);
        this.liveness = HostLiveness.atStart(store, startedMs);
    }

    HostStore store() {
        return store;
    }

    HostLiveness liveness() {
        return liveness;
    }

    @Override
    public List<PlacementPolicy.Candidate> lockCandidates(Handle h, long nowMs) {
        List<Host> hosts = store.lockAll(h);
        Map<String, HostStore.Allocation> allocated = store.allocations(h);
        return hosts.stream().map(host -> {
            HostStore.Allocation a = allocated.getOrDefault(host.id(), HostStore.Allocation.NONE);
            Host.Facts f = host.facts();
            return new PlacementPolicy.Candidate(host.id(), host.name(), liveness.of(host, nowMs), host.enabled(), host.project(),
                    f == null ? 0 : f.cpus(), f == null ? 0 : f.memoryMib(), f == null ? 0 : f.diskTotalGib(),
                    a.cpus(), a.memoryMib(), a.diskGib());
        }).toList();
    }

    /** CPUs, memory and disk, summed over hosts. */
    public record Resources(long cpus, long memoryMib, long diskGib) {}

    /**
     * The hosts a caller sees, summed: how many have each status (and how many are disabled), what
     * they have ({@code capacity}, from their last facts) and what the VMs placed on them hold.
     */
    public record Overview(Map<String, Integer> byStatus, int disabled, Resources capacity, Resources allocated) {}

    /** The overview of the shared hosts and those dedicated to {@code projects} (every host when null). */
    public Overview overview(Set<String> projects, long nowMs) {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (HostStatus s : HostStatus.values()) byStatus.put(s.wire(), 0);
        Map<String, HostStore.Allocation> allocated = store.allocations();
        int disabled = 0;
        long cpus = 0, memory = 0, disk = 0, usedCpus = 0, usedMemory = 0, usedDisk = 0;
        for (Host h : store.all()) {
            if (projects != null && h.project() != null && !projects.contains(h.project())) continue;
            byStatus.merge(liveness.of(h, nowMs).wire(), 1, Integer::sum);
            if (!h.enabled()) disabled++;
            Host.Facts f = h.facts();
            if (f != null) {
                cpus += f.cpus();
                memory += f.memoryMib();
                disk += f.diskTotalGib();
            }
            HostStore.Allocation a = allocated.getOrDefault(h.id(), HostStore.Allocation.NONE);
            usedCpus += a.cpus();
            usedMemory += a.memoryMib();
            usedDisk += a.diskGib();
        }
        return new Overview(byStatus, disabled, new Resources(cpus, memory, disk), new Resources(usedCpus, usedMemory, usedDisk));
    }

    /** The host's id for an id or a name (names need not be unique: an id wins, then the only host of that name). */
    public Optional<String> resolve(String idOrName) {
        if (store.get(idOrName).isPresent()) return Optional.of(idOrName);
        List<String> named = store.idsNamed(idOrName);
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    /** A host's name and the accelerator its agent last reported ({@code kvm}, {@code tcg}, or null before any report). */
    public record Accel(String name, String accel) {}

    public Optional<Accel> accel(String hostId) {
        return store.get(hostId).map(h -> new Accel(h.name(), h.facts() == null ? null : h.facts().accel()));
    }

    /** Gives the host this warning unless it has one (an operator's accelerator setting clears it); true when this set it. */
    public boolean warnOnce(String hostId, String warning) {
        return store.warnOnce(hostId, warning);
    }

    /** A host's name and liveness. */
    public record Summary(String name, HostStatus status) {}

    /** Every host's name and liveness now, by id (one query for a page of VMs). */
    public Map<String, Summary> summaries(long nowMs) {
        Map<String, Summary> out = new HashMap<>();
        for (Host h : store.withoutFacts()) out.put(h.id(), new Summary(h.name(), liveness.of(h, nowMs)));
        return out;
    }
}
