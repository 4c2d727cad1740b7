package io.drover.server.hosts;

import java.util.List;

/**
 * A hypervisor host as stored. {@code lastHeartbeatMs} is null until its agent first reports;
 * {@code heartbeatMs} is the interval its agent announced (10 s unless told otherwise);
 * {@code facts} is null until the agent first reports them; {@code project} is the one project whose
 * VMs it takes (from its join token), or null when every project shares it; {@code accelSetting}
 * the operator's accelerator for it (auto, kvm, tcg; null: the agent's --accel decides);
 * {@code warning} what the operator should look at, or null.
 */
record Host(String id, String name, String project, boolean enabled, long joinedMs, Long lastHeartbeatMs, long heartbeatMs, Facts facts,
            String accelSetting, String warning) {
    /** A host with no accelerator setting and no warning. */
    Host(String id, String name, String project, boolean enabled, long joinedMs, Long lastHeartbeatMs, long heartbeatMs, Facts facts) {
        this(id, name, project, enabled, joinedMs, lastHeartbeatMs, heartbeatMs, facts, null, null);
    }

    /** What the agent reported about the host, and when. */
    record Facts(String hostname, String cpuModel, int cpus, long memoryMib, long diskTotalGib, long diskFreeGib,
                 String libvirtVersion, String qemuVersion, String accel, String accelReason, List<String> addresses, long reportedMs) {}
}
