package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One libvirt domain as its host sees it. {@code uuid} is the libvirt UUID, which is the Drover
 * VM id for the domains Drover created; a domain whose UUID the server does not know is foreign.
 * {@code state}: {@code running}, {@code stopped}, {@code paused}, {@code shutting_down},
 * {@code crashed}, {@code absent} (not defined on the host) or {@code other}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainReport(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("name") String name,
        @JsonProperty("state") String state,
        @JsonProperty("cpus") Integer cpus,
        @JsonProperty("memory_mib") Long memoryMib,
        @JsonProperty("ips") List<GuestIp> ips) {
    public static final String RUNNING = "running", STOPPED = "stopped", PAUSED = "paused",
            SHUTTING_DOWN = "shutting_down", CRASHED = "crashed", ABSENT = "absent", OTHER = "other";
}
