package io.drover.server.http;

import io.drover.server.access.Principal;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Hears about every request {@link HttpApi} routed to one of its {@link Route}s, once it is answered
 * (after the handler, or after the exception mapper and the guard's refusal): the audit trail.
 * The fast-path routes of {@link BodyRoutes} are not passed here; the only one is the tracker
 * heartbeat, which the audit leaves out on purpose.
 */
@FunctionalInterface
public interface RequestRecorder {
    RequestRecorder NONE = answered -> { };

    /** Called on the request's thread; must not throw. */
    void record(Answered answered);

    /**
     * One answered request.
     *
     * @param pathParams the route's path parameters as matched (e.g. {@code id} of {@code /api/v1/vms/{id}})
     * @param caller     who the guard said is calling, or anonymous when it refused them
     * @param status     the status sent
     * @param problem    the detail of the problem body sent, or null when none was
     */
    record Answered(Route route, Context ctx, Map<String, String> pathParams, Principal caller, int status, String problem) { }
}
