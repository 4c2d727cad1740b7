package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A tracked machine as the versioned API shows it. Times are RFC 3339 UTC with milliseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineInfo(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("project") String project,
        @JsonProperty("ip_address") String ipAddress,
        @JsonProperty("interface") String networkInterface,
        @JsonProperty("status") String status,
        @JsonProperty("last_seen") String lastSeen,
        @JsonProperty("first_seen") String firstSeen,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("interval_seconds") Integer intervalSeconds,
        @JsonProperty("ip_addresses") List<String> ipAddresses,
        @JsonProperty("os") String os,
        @JsonProperty("agent_version") String agentVersion) {}
