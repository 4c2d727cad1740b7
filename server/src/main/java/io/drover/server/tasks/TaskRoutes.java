package io.drover.server.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/tasks}: list (newest first), show, cancel. A caller sees the tasks of their
 * projects only (admins: all); another project's task is answered as not existing (404).
 */
final class TaskRoutes {
    private final TaskRunner runner;
    private final ObjectMapper mapper;

    TaskRoutes(TaskRunner runner, ObjectMapper mapper) {
        this.runner = runner;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/tasks", Permission.TASKS_READ, this::list),
                Route.get("/api/v1/tasks/{id}", Permission.TASKS_READ, this::show),
                Route.post("/api/v1/tasks/{id}/cancel", Permission.TASKS_WRITE, this::cancel));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String named = ctx.queryParam("status");
        TaskStatus status = named == null ? null : TaskStatus.parse(named).orElseThrow(() -> new InvalidRequest("status must be one of "
                + Arrays.stream(TaskStatus.values()).map(TaskStatus::wire).collect(Collectors.joining(", "))));
        String vm = ctx.queryParam("vm");
        Set<String> projects = ProjectScope.of(Principal.of(ctx), ctx.queryParam("project"));
        String[] before = Cursor.decodePair(ctx.queryParam("cursor"));
        Long beforeCreated = null;
        if (before != null) {
            try {
                beforeCreated = Long.parseLong(before[0]);
            } catch (NumberFormatException e) {
                throw Cursor.invalid();
            }
        }
        List<TaskRecord> rows = runner.page(beforeCreated, before == null ? null : before[1], vm, status, projects, limit + 1);
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(Long.toString(r.createdMs()), r.id()), t -> TaskView.of(t, mapper)));
    }

    private void show(Context ctx) {
        ctx.json(TaskView.of(visible(ctx), mapper));
    }

    private void cancel(Context ctx) {
        ctx.status(202).json(TaskView.of(runner.cancel(visible(ctx).id()), mapper));
    }

    /** The task in the path if the caller may see it; others' tasks are not revealed (404). */
    private TaskRecord visible(Context ctx) {
        String id = ctx.pathParam("id");
        Principal caller = Principal.of(ctx);
        return runner.get(id).filter(t -> caller.inProject(t.project())).orElseThrow(() -> new TaskNotFound(id));
    }
}
