package io.drover.server.placement;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Where a VM went and why every other host was not chosen; stored on the create task. */
public record Decision(
        @JsonProperty("host_id") String hostId,
        @JsonProperty("host_name") String hostName,
        @JsonProperty("strategy") String strategy,
        @JsonProperty("rejected") Map<String, String> rejected) {

    public boolean placed() {
        return hostId != null;
    }
}
