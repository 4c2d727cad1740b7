package io.drover.server.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a host for a VM: filters out every host that cannot take it (saying why) and weighs
 * the rest. Pure logic over a snapshot of hosts; {@link Placement} takes the snapshot and
 * commits the choice under a lock so concurrent creates never overcommit a host.
 */
public final class PlacementPolicy {
    /** At most this many rejected hosts are listed with their reason; the rest are counted. */
    static final int MAX_REASONS = 20;

    private final PlacementSettings settings;

    public PlacementPolicy(PlacementSettings settings) {
        this.settings = settings;
    }

    /**
     * @param pinned a host id the request pinned the VM to, or null
     */
    public Decision decide(Demand demand, List<Candidate> hosts, String pinned) {
        Map<String, String> rejected = new LinkedHashMap<>();
        int rejectedCount = 0;
        List<Candidate> fit = new ArrayList<>();
        for (Candidate host : hosts) {
            if (pinned != null && !pinned.equals(host.id())) continue; // a pinned VM has one candidate
            Optional<String> why = rejection(demand, host);
            if (why.isEmpty()) {
                fit.add(host);
                continue;
            }
            // The decision is stored on the task: a fleet of thousands gets its first reasons only.
            if (rejectedCount++ < MAX_REASONS) rejected.put(host.name() + " (" + host.id() + ")", why.get());
        }
        Comparator<Candidate> byFree = Comparator.comparingDouble(this::freeShare);
        fit.sort(settings.strategy() == PlacementSettings.Strategy.PACK ? byFree.thenComparing(Candidate::id)
                : byFree.reversed().thenComparing(Candidate::id));
        Candidate chosen = fit.isEmpty() ? null : fit.get(0);
        return new Decision(chosen == null ? null : chosen.id(), chosen == null ? null : chosen.name(),
                settings.strategy().wire(), rejected, rejectedCount);
    }

    /** Why {@code host} cannot take {@code demand}, or empty when it can. */
    Optional<String> rejection(Demand demand, Candidate host) {
        if (!host.online()) return Optional.of("host is " + host.status().wire());
        if (!host.enabled()) return Optional.of("host is disabled");
        if (host.dedicatedTo() != null && demand.project() != null && !host.dedicatedTo().equals(demand.project())) {
            // Not named: the reasons are shown to the VM's owner, who may not know that project.
            return Optional.of("host is dedicated to another project");
        }
        if (host.cpus() <= 0) return Optional.of("host has not reported its resources yet");
        double cpuLimit = host.cpus() * settings.cpuRatio();
        if (host.allocatedCpus() + demand.cpus() > cpuLimit) {
            return Optional.of("not enough CPU: " + host.allocatedCpus() + " of " + fmt(cpuLimit) + " vCPUs allocated ("
                    + host.cpus() + " x " + fmt(settings.cpuRatio()) + "), " + demand.cpus() + " asked");
        }
        double memLimit = (host.memoryMib() - settings.memoryReserveMib()) * settings.memoryRatio();
        if (host.allocatedMemoryMib() + demand.memoryMib() > memLimit) {
            return Optional.of("not enough memory: " + host.allocatedMemoryMib() + " of " + fmt(memLimit) + " MiB allocated, "
                    + demand.memoryMib() + " asked");
        }
        double diskLimit = host.diskTotalGib() * settings.diskRatio();
        if (host.allocatedDiskGib() + demand.diskGib() > diskLimit) {
            return Optional.of("not enough disk: " + host.allocatedDiskGib() + " of " + fmt(diskLimit) + " GiB allocated, "
                    + demand.diskGib() + " asked");
        }
        return Optional.empty();
    }

    /** The share of the host still free after this placement would be, averaged over CPU and memory. */
    private double freeShare(Candidate host) {
        double cpu = 1 - host.allocatedCpus() / Math.max(1.0, host.cpus() * settings.cpuRatio());
        double mem = 1 - host.allocatedMemoryMib() / Math.max(1.0, (host.memoryMib() - settings.memoryReserveMib()) * settings.memoryRatio());
        return (cpu + mem) / 2;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * What a VM needs.
     *
     * @param project the VM's project, which a dedicated host must match; null for more room on the VM's own host (resize)
     */
    public record Demand(String project, int cpus, long memoryMib, long diskGib) {}

    /**
     * A host as placement sees it: status, capacity and what its VMs already hold.
     *
     * @param dedicatedTo the only project whose VMs the host takes, or null when it is shared
     */
    public record Candidate(String id, String name, HostStatus status, boolean enabled, String dedicatedTo, int cpus, long memoryMib,
                            long diskTotalGib, int allocatedCpus, long allocatedMemoryMib, long allocatedDiskGib) {
        boolean online() {
            return status == HostStatus.ONLINE;
        }
    }
}
