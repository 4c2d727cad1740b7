package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of the original VM Tracker's {@code GET /api/vms} array, field for field. */
@JsonPropertyOrder({"hostname", "ip_address", "interface", "status", "last_seen", "first_seen"})
public record LegacyMachine(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("ip_address") String ipAddress,
        @JsonProperty("interface") String networkInterface,
        @JsonProperty("status") String status,
        @JsonProperty("last_seen") String lastSeen,
        @JsonProperty("first_seen") String firstSeen) {}
