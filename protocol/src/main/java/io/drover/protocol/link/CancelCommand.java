package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Server → agent, type {@code cancel}: stop the operation {@code op_id} at its next step and undo what it did. */
public record CancelCommand(@JsonProperty("type") String type, @JsonProperty("op_id") String opId) {
    public static final String TYPE = "cancel";

    public static CancelCommand of(String opId) {
        return new CancelCommand(TYPE, opId);
    }
}
