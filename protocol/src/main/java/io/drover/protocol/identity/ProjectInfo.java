package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A project and its quotas (null: no limit), with what it uses now. */
public record ProjectInfo(@JsonProperty("name") String name, @JsonProperty("description") String description,
                          @JsonProperty("quota") Quota quota, @JsonProperty("usage") Quota usage,
                          @JsonProperty("created_at") String createdAt) {
    /** VMs, vCPUs, memory and disk: a limit (null: none) or what is in use. */
    public record Quota(@JsonProperty("vms") Long vms, @JsonProperty("vcpus") Long vcpus,
                        @JsonProperty("memory_mib") Long memoryMib, @JsonProperty("disk_gib") Long diskGib) {}
}
