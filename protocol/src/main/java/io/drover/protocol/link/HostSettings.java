package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Server → agent, type {@code host_settings}: what an operator set for the host on the server,
 * sent when the link opens and whenever it changes. {@code accel}: {@code auto}, {@code kvm} or
 * {@code tcg}; null leaves the choice to the agent's own {@code --accel}.
 */
public record HostSettings(@JsonProperty("type") String type, @JsonProperty("accel") String accel) {
    public static final String TYPE = "host_settings";

    public static HostSettings of(String accel) {
        return new HostSettings(TYPE, accel);
    }
}
