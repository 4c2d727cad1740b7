package io.drover.server.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.identity.ProjectRequest;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/v1/projects}: admins manage them; members see their own. */
final class ProjectRoutes {
    private final Projects projects;
    private final ObjectMapper mapper;

    ProjectRoutes(Projects projects, ObjectMapper mapper) {
        this.projects = projects;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/projects", Permission.PROJECTS_READ, this::list),
                Route.post("/api/v1/projects", Permission.PROJECTS_WRITE, this::create),
                Route.get("/api/v1/projects/{name}", Permission.PROJECTS_READ, this::show),
                Route.patch("/api/v1/projects/{name}", Permission.PROJECTS_WRITE, this::update),
                Route.delete("/api/v1/projects/{name}", Permission.PROJECTS_WRITE, this::delete));
    }

    private void list(Context ctx) {
        Principal caller = Principal.of(ctx);
        int limit = Paging.limit(ctx);
        String after = Cursor.decode(ctx.queryParam("cursor"));
        List<Project> rows = projects.page(after, ProjectScope.of(caller, null), limit + 1);
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(r.name()), projects::info));
    }

    private void show(Context ctx) {
        ctx.json(projects.info(visible(ctx)));
    }

    private void create(Context ctx) {
        ProjectRequest request = Bodies.json(ctx, mapper, ProjectRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the project's name is required");
        ctx.status(201).json(projects.info(projects.create(request)));
    }

    private void update(Context ctx) {
        String name = visible(ctx).name();
        ProjectRequest request = Bodies.json(ctx, mapper, ProjectRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the fields to change is required");
        ctx.json(projects.info(projects.update(name, request)));
    }

    private void delete(Context ctx) {
        projects.delete(visible(ctx).name());
        ctx.status(204);
    }

    /** The project in the path, if the caller may see it; else 404 (others' projects are not revealed). */
    private Project visible(Context ctx) {
        return projects.find(Projects.memberOf(Principal.of(ctx), ctx.pathParam("name")));
    }
}
