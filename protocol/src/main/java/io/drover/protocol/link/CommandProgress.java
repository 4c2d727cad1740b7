package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Agent → server, type {@code progress}: a step of operation {@code op_id} changed.
 * {@code status}: {@code running}, {@code done}, {@code failed} or {@code compensated} (undone).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandProgress(
        @JsonProperty("type") String type,
        @JsonProperty("op_id") String opId,
        @JsonProperty("step") String step,
        @JsonProperty("status") String status,
        @JsonProperty("detail") String detail) {
    public static final String TYPE = "progress";
    public static final String RUNNING = "running", DONE = "done", FAILED = "failed", COMPENSATED = "compensated";

    public static CommandProgress of(String opId, String step, String status, String detail) {
        return new CommandProgress(TYPE, opId, step, status, detail);
    }
}
