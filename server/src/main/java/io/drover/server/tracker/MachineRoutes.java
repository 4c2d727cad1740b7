package io.drover.server.tracker;

import io.drover.protocol.MachineInfo;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/v1/machines}: the versioned listing with paging and filters, one machine, delete. */
final class MachineRoutes {
    private final MachineRegistry registry;

    MachineRoutes(MachineRegistry registry) {
        this.registry = registry;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/machines", Permission.MACHINES_READ, this::list),
                Route.get("/api/v1/machines/{hostname}", Permission.MACHINES_READ, this::show),
                Route.delete("/api/v1/machines/{hostname}", Permission.MACHINES_WRITE, this::delete));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String after = Cursor.decode(ctx.queryParam("cursor"));
        MachineStatus status = status(ctx.queryParam("status"));
        String q = ctx.queryParam("q");
        if (q != null && q.length() > HeartbeatParser.MAX_HOSTNAME) throw new InvalidRequest("q is longer than 253 characters");
        if (q != null && q.isEmpty()) q = null;
        // One extra row tells whether another page follows.
        List<Machine> rows = registry.page(after, limit + 1, status, q, ProjectScope.of(Principal.of(ctx), ctx.queryParam("project")));
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(r.hostname()), MachineRoutes::info));
    }

    private void show(Context ctx) {
        ctx.json(info(visible(registry, ctx)));
    }

    private void delete(Context ctx) {
        String hostname = visible(registry, ctx).hostname();
        if (!registry.delete(hostname)) throw new MachineNotFound(hostname);
        ctx.status(204);
    }

    /** The machine in the path, if it is in one of the caller's projects; else 404, as if it were not tracked. */
    static Machine visible(MachineRegistry registry, Context ctx) {
        String hostname = ctx.pathParam("hostname");
        return registry.get(hostname).filter(m -> Principal.of(ctx).inProject(m.project()))
                .orElseThrow(() -> new MachineNotFound(hostname));
    }

    private static MachineStatus status(String value) {
        if (value == null || value.isEmpty()) return null;
        MachineStatus status = MachineStatus.fromWire(value);
        if (status == null) throw new InvalidRequest("status must be 'online' or 'offline'");
        return status;
    }

    static MachineInfo info(Machine m) {
        return new MachineInfo(m.hostname(), m.project(), m.ipAddress(), m.networkInterface(), m.status().wire(),
                Rfc3339.format(m.lastSeenMs()), Rfc3339.format(m.firstSeenMs()), m.uuid(), m.intervalSeconds(),
                m.ipAddresses(), m.os(), m.agentVersion());
    }
}
