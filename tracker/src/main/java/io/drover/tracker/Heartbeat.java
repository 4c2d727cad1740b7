package io.drover.tracker;

import java.util.List;
import java.util.Optional;

/** One registration as sent to {@code POST /api/register}. */
record Heartbeat(String hostname, String ipAddress, String interfaceName, Optional<String> uuid,
        long intervalSeconds, List<String> ipAddresses, String os, String agentVersion) {

    /** The request body; field names are the seed server's wire format. */
    String toJson() {
        Json.ObjectWriter json = Json.object()
                .field("hostname", hostname)
                .field("ip_address", ipAddress)
                .field("interface", interfaceName);
        uuid.ifPresent(value -> json.field("uuid", value));
        return json.field("interval_seconds", intervalSeconds)
                .field("ip_addresses", ipAddresses)
                .field("os", os)
                .field("agent_version", agentVersion)
                .toString();
    }
}
