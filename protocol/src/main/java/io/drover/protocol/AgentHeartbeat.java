package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The agent's heartbeat on its link to the server: sent on connect and then every
 * {@code interval_ms}; the server counts missed heartbeats of that interval. {@code sent_at_ms}
 * (optional; epoch milliseconds on the agent's clock) lets the server measure how long a
 * heartbeat took from the agent to being stored; a heartbeat without it is just as valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentHeartbeat(
        @JsonProperty("type") String type,
        @JsonProperty("interval_ms") long intervalMs,
        @JsonProperty("sent_at_ms") Long sentAtMs) {
    public static final String PATH = "/api/v1/agent/link";
    public static final String TYPE = "heartbeat";
    /** The server's first message on a link it accepted: {@code {"type":"welcome"}}. */
    public static final String WELCOME = "{\"type\":\"welcome\"}";

    /** A heartbeat stamped with the current time, built just before it is sent. */
    public static AgentHeartbeat every(long intervalMs) {
        return new AgentHeartbeat(TYPE, intervalMs, System.currentTimeMillis());
    }
}
