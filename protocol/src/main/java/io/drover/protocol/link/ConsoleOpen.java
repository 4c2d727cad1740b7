package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * Server → agent, type {@code console_open}: a user opened a console of VM {@code vm_id}. The
 * agent dials a second WebSocket to the server, {@link #relayPath} of {@code relay_id}, with its
 * client certificate (no inbound port on the host), and pipes bytes between it and the VM's
 * {@code kind} of console: {@code vnc} (the display's RFB stream), {@code serial} (the first serial
 * port, interactive) or {@code log} (the serial log of the current and earlier boots, then the end).
 * When the console cannot be opened the agent still dials and closes with {@link #CANNOT_OPEN}
 * and the reason, which the server passes on to the user.
 */
public record ConsoleOpen(@JsonProperty("type") String type, @JsonProperty("relay_id") String relayId,
                          @JsonProperty("vm_id") String vmId, @JsonProperty("kind") String kind) {
    public static final String TYPE = "console_open";
    public static final Set<String> KINDS = Set.of("vnc", "serial", "log");
    /** WebSocket close code: the console could not be opened (the reason says why). */
    public static final int CANNOT_OPEN = 4404;

    public static ConsoleOpen of(String relayId, String vmId, String kind) {
        return new ConsoleOpen(TYPE, relayId, vmId, kind);
    }

    /** Where the agent dials for {@code relayId}, relative to the server's URL. */
    public static String relayPath(String relayId) {
        return "/api/v1/agent/relay/" + relayId;
    }
}
