package io.drover.server.hosts;

import java.util.List;

/**
 * A hypervisor host as stored. {@code lastHeartbeatMs} is null until its agent first reports;
 * {@code heartbeatMs} is the interval its agent announced (10 s unless told otherwise);
 * {@code facts} is null until the agent first reports them; {@code project} is the one project whose
 * VMs it takes (from its join token), or null when every project shares it.
 */
record Host(String id, String name, String project, boolean enabled, long joinedMs, Long lastHeartbeatMs, long heartbeatMs, Facts facts) {
    /** What the agent reported about the host, and when. */
    record Facts(String hostname, String cpuModel, int cpus, long memoryMib, long diskTotalGib, long diskFreeGib,
                 String libvirtVersion, String qemuVersion, String accel, List<String> addresses, long reportedMs) {}
}
