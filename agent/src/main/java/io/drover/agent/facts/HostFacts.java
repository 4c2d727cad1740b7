package io.drover.agent.facts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the agent reports about its host that needs no libvirt (libvirt and QEMU facts come with the libvirt link). */
public record HostFacts(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("cpu_model") String cpuModel,
        @JsonProperty("cpus") int cpus,
        @JsonProperty("memory_mib") long memoryMib,
        @JsonProperty("disk_total_gib") long diskTotalGib,
        @JsonProperty("disk_free_gib") long diskFreeGib) {}
