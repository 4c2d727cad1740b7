package io.drover.server.tasks;

import io.drover.server.http.ApiException;

/** Cancelling a task that has already ended (409). */
final class TaskFinished extends ApiException {
    TaskFinished(String id, TaskStatus status) {
        super(409, "Conflict", "task " + id + " has already ended (" + status.wire() + ")");
    }
}
