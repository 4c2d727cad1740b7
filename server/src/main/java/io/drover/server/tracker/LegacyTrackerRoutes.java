package io.drover.server.tracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.LegacyMachine;
import io.drover.protocol.LegacyReply;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The original VM Tracker's API, field for field: register, list, delete. The body of a
 * registration is read as JSON whatever its Content-Type says, because simple clients send
 * curl's or wget's form default.
 */
final class LegacyTrackerRoutes {
    static final int MAX_BODY = 64 * 1024;

    private final MachineRegistry registry;
    private final HeartbeatParser parser = new HeartbeatParser();
    private final byte[] registered;
    private final byte[] deleted;

    LegacyTrackerRoutes(MachineRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        try {
            // The original VM Tracker's documented success body, exactly: its clients may compare it.
            this.registered = mapper.writeValueAsBytes(LegacyReply.ok("VM registered"));
            this.deleted = mapper.writeValueAsBytes(LegacyReply.ok("VM deleted"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Route> routes() {
        return List.of(
                Route.postBody("/api/register", Permission.REGISTRATION, MAX_BODY, this::register),
                Route.get("/api/vms", Permission.MACHINES_READ, this::list),
                Route.delete("/api/vms/{hostname}", Permission.MACHINES_WRITE, this::delete));
    }

    private byte[] register(byte[] body, Principal caller) {
        registry.heartbeat(parser.parse(body), caller.subject(), caller.tokenId() != null);
        return registered;
    }

    private void list(Context ctx) {
        ctx.json(registry.all(ProjectScope.of(Principal.of(ctx), null)).stream().map(LegacyTrackerRoutes::legacy).toList());
    }

    private void delete(Context ctx) {
        String hostname = MachineRoutes.visible(registry, ctx).hostname();
        if (!registry.delete(hostname)) throw new MachineNotFound(hostname);
        ctx.contentType("application/json").result(deleted);
    }

    static LegacyMachine legacy(Machine m) {
        return new LegacyMachine(m.hostname(), m.ipAddress(), m.networkInterface(), m.status().wire(),
                Rfc3339.format(m.lastSeenMs()), Rfc3339.format(m.firstSeenMs()));
    }
}
