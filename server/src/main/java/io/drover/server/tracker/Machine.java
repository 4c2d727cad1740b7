package io.drover.server.tracker;

import java.util.List;

/**
 * What the server knows of one tracked machine. Immutable; a heartbeat makes a new one.
 *
 * @param project the project of the registration token it reports with
 * @param vouched whether its last heartbeat came with a registration token (a project's or the
 *                server-wide one), not through open registration: only such a machine is taken
 *                for the Drover VM of its project with its SMBIOS UUID
 */
record Machine(
        String hostname,
        String project,
        String ipAddress,
        String networkInterface,
        MachineStatus status,
        long firstSeenMs,
        long lastSeenMs,
        String uuid,
        Integer intervalSeconds,
        List<String> ipAddresses,
        String os,
        String agentVersion,
        boolean vouched) {

    /** The machine after a heartbeat at {@code nowMs}: newly reported fields win, unreported optional ones are kept. */
    static Machine from(Heartbeat hb, String project, boolean vouched, Machine previous, long nowMs) {
        return new Machine(
                hb.hostname(),
                project,
                hb.ipAddress(),
                hb.networkInterface(),
                MachineStatus.ONLINE,
                previous == null ? nowMs : previous.firstSeenMs(),
                nowMs,
                hb.uuid() != null || previous == null ? hb.uuid() : previous.uuid(),
                hb.intervalSeconds() != null || previous == null ? hb.intervalSeconds() : previous.intervalSeconds(),
                hb.ipAddresses() != null || previous == null ? hb.ipAddresses() : previous.ipAddresses(),
                hb.os() != null || previous == null ? hb.os() : previous.os(),
                hb.agentVersion() != null || previous == null ? hb.agentVersion() : previous.agentVersion(),
                vouched);
    }

    /** True when the heartbeat would change nothing but last_seen: online, vouched for as before, same address and interface, nothing new reported. */
    boolean unchangedBy(Heartbeat hb, boolean vouchedNow) {
        return status == MachineStatus.ONLINE
                && vouched == vouchedNow
                && ipAddress.equals(hb.ipAddress())
                && networkInterface.equals(hb.networkInterface())
                && (hb.uuid() == null || hb.uuid().equals(uuid))
                && (hb.intervalSeconds() == null || hb.intervalSeconds().equals(intervalSeconds))
                && (hb.ipAddresses() == null || hb.ipAddresses().equals(ipAddresses))
                && (hb.os() == null || hb.os().equals(os))
                && (hb.agentVersion() == null || hb.agentVersion().equals(agentVersion));
    }

    Machine withLastSeen(long ms) {
        return new Machine(hostname, project, ipAddress, networkInterface, status, firstSeenMs, ms, uuid,
                intervalSeconds, ipAddresses, os, agentVersion, vouched);
    }

    Machine withStatus(MachineStatus newStatus) {
        return new Machine(hostname, project, ipAddress, networkInterface, newStatus, firstSeenMs, lastSeenMs, uuid,
                intervalSeconds, ipAddresses, os, agentVersion, vouched);
    }
}
