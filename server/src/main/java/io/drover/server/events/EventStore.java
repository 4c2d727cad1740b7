package io.drover.server.events;

import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The {@code events} table. */
public final class EventStore {
    private final Jdbi jdbi;

    public EventStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long lastId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM events").mapTo(Long.class).one());
    }

    public void insert(Handle h, List<Event> events) {
        if (events.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch(
                "INSERT INTO events (id, at_ms, type, project, hostname, message) VALUES (:id, :at, :type, :project, :hostname, :message)");
        for (Event e : events) {
            batch.bind("id", e.id()).bind("at", e.atMs()).bind("type", e.type().wire()).bind("project", e.project())
                    .bind("hostname", e.hostname()).bind("message", e.message()).add();
        }
        batch.execute();
    }

    /** Newest first, ids below {@code beforeId} (exclusive) when given, of those {@code audience} sees. */
    public List<Event> page(Long beforeId, int limit, String hostname, EventType type, EventAudience audience) {
        Set<String> projects = audience.projects();
        if (projects != null && projects.isEmpty() && !audience.unscoped()) return List.of();
        StringBuilder sql = new StringBuilder("SELECT id, at_ms, type, project, hostname, message FROM events WHERE 1 = 1");
        if (projects != null) {
            if (projects.isEmpty()) sql.append(" AND project IS NULL");
            else sql.append(audience.unscoped() ? " AND (project IN (<projects>) OR project IS NULL)" : " AND project IN (<projects>)");
        }
        if (beforeId != null) sql.append(" AND id < :before");
        if (hostname != null) sql.append(" AND hostname = :hostname");
        if (type != null) sql.append(" AND type = :type");
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (projects != null && !projects.isEmpty()) q.bindList("projects", List.copyOf(projects));
            if (beforeId != null) q.bind("before", beforeId);
            if (hostname != null) q.bind("hostname", hostname);
            if (type != null) q.bind("type", type.wire());
            return q.map((rs, ctx) -> new Event(rs.getLong("id"), rs.getLong("at_ms"), EventType.fromWire(rs.getString("type")),
                    rs.getString("project"), rs.getString("hostname"), rs.getString("message"))).list();
        });
    }
}
