package io.drover.server.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.http.Rfc3339;
import java.util.List;

/** A task as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("vm_id") String vmId,
        @JsonProperty("project") String project,
        @JsonProperty("host_id") String hostId,
        @JsonProperty("status") String status,
        @JsonProperty("progress") int progress,
        @JsonProperty("steps") List<StepView> steps,
        @JsonProperty("placement") JsonNode placement,
        @JsonProperty("error") String error,
        @JsonProperty("cancel_requested") boolean cancelRequested,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("ended_at") String endedAt,
        @JsonProperty("deadline") String deadline) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(@JsonProperty("name") String name, @JsonProperty("status") String status,
                           @JsonProperty("started_at") String startedAt, @JsonProperty("ended_at") String endedAt,
                           @JsonProperty("detail") String detail) {}

    public static TaskView of(TaskRecord t, ObjectMapper mapper) {
        JsonNode placement = null;
        if (t.decision() != null) {
            try {
                placement = mapper.readTree(t.decision());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored placement decision is unreadable", e);
            }
        }
        return new TaskView(t.id(), t.kind(), t.vmId(), t.project(), t.hostId(), t.status().wire(), t.progress(),
                t.steps().stream().map(s -> new StepView(s.name(), s.status().wire(), time(s.startedMs()), time(s.endedMs()), s.detail())).toList(),
                placement, t.error(), t.cancelAsked(), Rfc3339.format(t.createdMs()), time(t.startedMs()), time(t.endedMs()),
                Rfc3339.format(t.deadlineMs()));
    }

    private static String time(Long ms) {
        return ms == null ? null : Rfc3339.format(ms);
    }
}
