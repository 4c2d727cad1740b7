package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A hypervisor host as the API shows it. {@code status} is {@code online}, {@code suspect} (3
 * missed heartbeats of the interval its agent announced) or {@code offline} (6 missed, or never
 * heard from since joining).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostInfo(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("vm_count") int vmCount,
        @JsonProperty("joined_at") String joinedAt,
        @JsonProperty("last_heartbeat") String lastHeartbeat) {}
