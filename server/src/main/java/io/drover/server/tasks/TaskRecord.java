package io.drover.server.tasks;

import java.util.List;

/**
 * A persisted task: what it does ({@code kind}, on {@code vmId} of {@code project}), where
 * ({@code hostId}), its steps with their status, the placement decision (JSON) for creates, and
 * how it ended. {@code project} is null only for tasks older than projects whose VM was gone.
 */
public record TaskRecord(
        String id,
        String kind,
        String vmId,
        String project,
        String hostId,
        TaskStatus status,
        List<StepState> steps,
        String params,
        String decision,
        String error,
        boolean cancelAsked,
        long createdMs,
        Long startedMs,
        Long endedMs,
        long deadlineMs) {

    /** A task just submitted: pending, no steps yet, nothing decided. */
    static TaskRecord pending(String id, String kind, String vmId, String project, String hostId, String params, long createdMs,
                              long deadlineMs) {
        return new TaskRecord(id, kind, vmId, project, hostId, TaskStatus.PENDING, List.of(), params, null, null, false, createdMs,
                null, null, deadlineMs);
    }

    TaskRecord withSteps(List<StepState> newSteps) {
        return new TaskRecord(id, kind, vmId, project, hostId, status, List.copyOf(newSteps), params, decision, error, cancelAsked,
                createdMs, startedMs, endedMs, deadlineMs);
    }

    TaskRecord withStatus(TaskStatus newStatus, Long started, Long ended, String newError) {
        return new TaskRecord(id, kind, vmId, project, hostId, newStatus, steps, params, decision, newError, cancelAsked,
                createdMs, started, ended, deadlineMs);
    }

    TaskRecord withHostId(String newHostId) {
        return new TaskRecord(id, kind, vmId, project, newHostId, status, steps, params, decision, error, cancelAsked,
                createdMs, startedMs, endedMs, deadlineMs);
    }

    TaskRecord withDecision(String json) {
        return new TaskRecord(id, kind, vmId, project, hostId, status, steps, params, json, error, cancelAsked,
                createdMs, startedMs, endedMs, deadlineMs);
    }

    TaskRecord withCancelAsked() {
        return new TaskRecord(id, kind, vmId, project, hostId, status, steps, params, decision, error, true,
                createdMs, startedMs, endedMs, deadlineMs);
    }

    public boolean finished() {
        return status.finished();
    }

    /** Done steps as a share of all, 0 to 100. */
    public int progress() {
        if (steps.isEmpty()) return finished() ? 100 : 0;
        long done = steps.stream().filter(s -> s.status() == StepStatus.DONE).count();
        return (int) (done * 100 / steps.size());
    }

    /** One step, as stored in the task's steps JSON. */
    public record StepState(String name, StepStatus status, Long startedMs, Long endedMs, String detail) {}
}
