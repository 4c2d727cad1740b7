package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The agent's heartbeat on its link to the server: sent on connect and then every
 * {@code interval_ms}; the server counts missed heartbeats of that interval.
 */
public record AgentHeartbeat(@JsonProperty("type") String type, @JsonProperty("interval_ms") long intervalMs) {
    public static final String PATH = "/api/v1/agent/link";
    public static final String TYPE = "heartbeat";
    /** The server's first message on a link it accepted: {@code {"type":"welcome"}}. */
    public static final String WELCOME = "{\"type\":\"welcome\"}";

    public static AgentHeartbeat every(long intervalMs) {
        return new AgentHeartbeat(TYPE, intervalMs);
    }
}
