package io.drover.server.audit;

import io.drover.server.access.Permission;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code GET /api/v1/audit}: the trail, newest first, filtered and paged. There is no route that changes it. */
final class AuditRoutes {
    private static final Set<String> OUTCOMES = Set.of(AuditRecord.OK, AuditRecord.DENIED, AuditRecord.FAILED, AuditRecord.ERROR);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final AuditStore store;
    private final Runnable flush;

    /** {@code flush} runs before each read, so a page shows every request answered before it. */
    AuditRoutes(AuditStore store, Runnable flush) {
        this.store = store;
        this.flush = flush;
    }

    List<Route> routes() {
        return List.of(Route.get("/api/v1/audit", Permission.AUDIT_READ, this::list));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String outcome = blankToNull(ctx.queryParam("outcome"));
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new InvalidRequest("outcome must be one of ok, denied, failed, error");
        }
        String method = blankToNull(ctx.queryParam("method"));
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) throw new InvalidRequest("method must be one of GET, POST, PUT, PATCH, DELETE");
        }
        String since = blankToNull(ctx.queryParam("since"));
        String until = blankToNull(ctx.queryParam("until"));
        Long beforeId = null;
        String cursor = Cursor.decode(ctx.queryParam("cursor"));
        if (cursor != null) {
            try {
                beforeId = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw Cursor.invalid();
            }
        }
        AuditQuery query = new AuditQuery(blankToNull(ctx.queryParam("actor")), blankToNull(ctx.queryParam("route")),
                blankToNull(ctx.queryParam("target")), outcome, method,
                since == null ? null : Rfc3339.parse("since", since), until == null ? null : Rfc3339.parse("until", until),
                beforeId, limit + 1);
        flush.run();
        List<AuditRecord> rows = store.page(query);
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(Long.toString(r.id())), AuditView::of));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
