package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Agent → server, type {@code result}: operation {@code op_id} ended. On failure {@code error}
 * says why and everything the operation made on the host has been undone ({@code cancelled}
 * when that was because of a {@link CancelCommand}). {@code domain} is the domain afterwards.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        @JsonProperty("type") String type,
        @JsonProperty("op_id") String opId,
        @JsonProperty("ok") boolean ok,
        @JsonProperty("cancelled") boolean cancelled,
        @JsonProperty("error") String error,
        @JsonProperty("domain") DomainReport domain) {
    public static final String TYPE = "result";

    public static CommandResult ok(String opId, DomainReport domain) {
        return new CommandResult(TYPE, opId, true, false, null, domain);
    }

    public static CommandResult failed(String opId, String error, boolean cancelled, DomainReport domain) {
        return new CommandResult(TYPE, opId, false, cancelled, error, domain);
    }
}
