package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Agent → server, type {@code facts}: the host's resources and software, sent when the link
 * opens and whenever they change. {@code accel} is {@code kvm} or {@code tcg} (what guests get),
 * {@code accel_reason} in words why (the probe's findings, or who set it).
 */
public record HostFactsReport(
        @JsonProperty("type") String type,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("cpu_model") String cpuModel,
        @JsonProperty("cpus") int cpus,
        @JsonProperty("memory_mib") long memoryMib,
        @JsonProperty("disk_total_gib") long diskTotalGib,
        @JsonProperty("disk_free_gib") long diskFreeGib,
        @JsonProperty("libvirt_version") String libvirtVersion,
        @JsonProperty("qemu_version") String qemuVersion,
        @JsonProperty("accel") String accel,
        @JsonProperty("accel_reason") String accelReason,
        @JsonProperty("addresses") List<String> addresses) {
    public static final String TYPE = "facts";
}
