package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A hypervisor host as the API shows it. {@code status} is {@code online}, {@code suspect} (3
 * missed heartbeats of the interval its agent announced) or {@code offline} (6 missed, or never
 * heard from since joining). {@code capacity} and {@code facts} are null until its agent first
 * reports them; {@code allocated} is what the host's VMs hold; {@code project}, when set, is the
 * only project whose VMs are placed on it (a dedicated host). {@code accel} is the operator's
 * setting of the host's accelerator ({@code auto}, {@code kvm}, {@code tcg}; absent: the agent's own
 * {@code --accel} decides), {@code warning} what the operator should look at (absent: nothing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostInfo(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("status") String status,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("vm_count") int vmCount,
        @JsonProperty("joined_at") String joinedAt,
        @JsonProperty("last_heartbeat") String lastHeartbeat,
        @JsonProperty("capacity") Resources capacity,
        @JsonProperty("allocated") Resources allocated,
        @JsonProperty("facts") Facts facts,
        @JsonProperty("accel") String accel,
        @JsonProperty("warning") String warning,
        @JsonProperty("foreign_domains") List<ForeignDomain> foreignDomains) {

    /** vCPUs (host CPUs for capacity), memory and disk. */
    public record Resources(@JsonProperty("cpus") long cpus, @JsonProperty("memory_mib") long memoryMib,
                            @JsonProperty("disk_gib") long diskGib) {}

    /** What the agent last reported about its host. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Facts(
            @JsonProperty("hostname") String hostname,
            @JsonProperty("cpu_model") String cpuModel,
            @JsonProperty("disk_free_gib") Long diskFreeGib,
            @JsonProperty("libvirt_version") String libvirtVersion,
            @JsonProperty("qemu_version") String qemuVersion,
            @JsonProperty("accel") String accel,
            @JsonProperty("accel_reason") String accelReason,
            @JsonProperty("addresses") List<String> addresses,
            @JsonProperty("reported_at") String reportedAt) {}

    /** A domain on the host that Drover did not create: listed, never touched. */
    public record ForeignDomain(@JsonProperty("uuid") String uuid, @JsonProperty("name") String name,
                                @JsonProperty("state") String state) {}
}
