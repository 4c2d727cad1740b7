package io.drover.server.tracker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.RegistrationTokenInfo;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.audit.AuditNotes;
import io.drover.server.http.ApiException;
import io.drover.server.http.Bodies;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Route;
import io.drover.server.projects.Projects;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/projects/{name}/registration-tokens}: the tokens that put a reporting machine in
 * the project. Made and revoked by those who may change the project's machines; the secret and
 * the install line that embeds it are shown once, in the answer that made it.
 */
final class RegistrationTokenRoutes {
    static final class TokenNotFound extends ApiException {
        TokenNotFound(String project, String id) {
            super(404, "Not Found", "project " + project + " has no live registration token " + id);
        }
    }

    record Request(@JsonProperty("name") String name) {}

    private final RegistrationTokens tokens;
    private final InstallScript install;
    private final ObjectMapper mapper;

    RegistrationTokenRoutes(RegistrationTokens tokens, InstallScript install, ObjectMapper mapper) {
        this.tokens = tokens;
        this.install = install;
        this.mapper = mapper;
    }

    List<Route> routes() {
        String base = "/api/v1/projects/{name}/registration-tokens";
        return List.of(
                Route.get(base, Permission.MACHINES_READ, this::list),
                Route.post(base, Permission.MACHINES_WRITE, this::create),
                Route.delete(base + "/{id}", Permission.MACHINES_WRITE, this::revoke));
    }

    private void list(Context ctx) {
        ctx.json(Map.of("items", tokens.list(project(ctx))));
    }

    private void create(Context ctx) {
        String project = project(ctx);
        Request request = Bodies.json(ctx, mapper, Request.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the token's name is required");
        // Before the token is made: a request that cannot be answered in full makes nothing.
        String serverUrl = install.serverUrl(ctx);
        RegistrationTokenInfo made = tokens.create(project, request.name(), Principal.of(ctx).actor());
        AuditNotes.detail(ctx, "registration token " + made.id());
        ctx.status(201).header("Cache-Control", "no-store").json(made.withInstallCommand(install.command(serverUrl, made.token())));
    }

    private void revoke(Context ctx) {
        String project = project(ctx);
        String id = ctx.pathParam("id");
        if (!tokens.revoke(project, id)) throw new TokenNotFound(project, id);
        ctx.status(204);
    }

    private static String project(Context ctx) {
        return Projects.memberOf(Principal.of(ctx), ctx.pathParam("name"));
    }
}
