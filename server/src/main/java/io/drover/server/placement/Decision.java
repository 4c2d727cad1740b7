package io.drover.server.placement;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Where a VM went and why other hosts were not chosen (the first few, by name; {@code
 * rejectedCount} counts them all); stored on the create task. A pinned VM's decision speaks only
 * of its host.
 */
public record Decision(
        @JsonProperty("host_id") String hostId,
        @JsonProperty("host_name") String hostName,
        @JsonProperty("strategy") String strategy,
        @JsonProperty("rejected") Map<String, String> rejected,
        @JsonProperty("rejected_count") int rejectedCount) {

    public boolean placed() {
        return hostId != null;
    }
}
