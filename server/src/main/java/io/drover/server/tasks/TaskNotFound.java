package io.drover.server.tasks;

import io.drover.server.http.ApiException;

/** No task has this id (404). */
final class TaskNotFound extends ApiException {
    TaskNotFound(String id) {
        super(404, "Not Found", "no task with id " + id);
    }
}
