package io.drover.server.tasks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.store.Columns;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** The {@code tasks} table. A task is written whole on every change: it is small and changes a few times. */
final class TaskStore {
    private static final TypeReference<List<TaskRecord.StepState>> STEPS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Columns columns;
    private final RowMapper<TaskRecord> row;

    TaskStore(Jdbi jdbi, ObjectMapper mapper) {
        this.jdbi = jdbi;
        this.columns = new Columns(mapper);
        this.row = (rs, ctx) -> new TaskRecord(rs.getString("id"), rs.getString("kind"), rs.getString("vm_id"),
                rs.getString("project"), rs.getString("host_id"), TaskStatus.fromWire(rs.getString("status")), columns.fromJson(rs.getString("steps"), STEPS), rs.getString("params"),
                rs.getString("decision"), rs.getString("error"), rs.getBoolean("cancel_asked"), rs.getLong("created_ms"),
                rs.getObject("started_ms", Long.class), rs.getObject("ended_ms", Long.class), rs.getLong("deadline_ms"));
    }

    void insert(TaskRecord t) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO tasks (id, kind, vm_id, project, host_id, status, steps, params, decision, error, cancel_asked,
                                           created_ms, started_ms, ended_ms, deadline_ms)
                        VALUES (:id, :kind, :vm, :project, :host, :status, :steps, :params, :decision, :error, :cancel,
                                :created, :started, :ended, :deadline)""")
                .bind("id", t.id()).bind("kind", t.kind()).bind("vm", t.vmId()).bind("project", t.project()).bind("host", t.hostId())
                .bind("status", t.status().wire()).bind("steps", columns.json(t.steps())).bind("params", t.params())
                .bind("decision", t.decision()).bind("error", t.error()).bind("cancel", t.cancelAsked())
                .bind("created", t.createdMs()).bind("started", t.startedMs()).bind("ended", t.endedMs())
                .bind("deadline", t.deadlineMs())
                .execute());
    }

    void update(TaskRecord t) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE tasks SET host_id = :host, status = :status, steps = :steps, decision = :decision, error = :error,
                                         cancel_asked = :cancel, started_ms = :started, ended_ms = :ended
                        WHERE id = :id""")
                .bind("id", t.id()).bind("host", t.hostId()).bind("status", t.status().wire()).bind("steps", columns.json(t.steps()))
                .bind("decision", t.decision()).bind("error", Columns.clip(t.error(), 2000)).bind("cancel", t.cancelAsked())
                .bind("started", t.startedMs()).bind("ended", t.endedMs())
                .execute());
    }

    Optional<TaskRecord> get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tasks WHERE id = :id").bind("id", id).map(row).findOne());
    }

    /**
     * Tasks newest first after the (created, id) key, optionally of one VM and one status, and
     * only in {@code projects} unless that is null (a task without a project is in none).
     */
    List<TaskRecord> page(Long beforeCreated, String beforeId, String vmId, TaskStatus status, Set<String> projects, int limit) {
        if (projects != null && projects.isEmpty()) return List.of();
        StringBuilder sql = new StringBuilder("SELECT * FROM tasks WHERE 1 = 1");
        if (projects != null) sql.append(" AND project IN (<projects>)");
        if (beforeCreated != null) sql.append(" AND (created_ms < :bc OR (created_ms = :bc AND id < :bid))");
        if (vmId != null) sql.append(" AND vm_id = :vm");
        if (status != null) sql.append(" AND status = :status");
        sql.append(" ORDER BY created_ms DESC, id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (beforeCreated != null) q.bind("bc", beforeCreated).bind("bid", beforeId);
            if (projects != null) q.bindList("projects", List.copyOf(projects));
            if (vmId != null) q.bind("vm", vmId);
            if (status != null) q.bind("status", status.wire());
            return q.map(row).list();
        });
    }

    /** How many tasks have {@code status} (ended at or after {@code endedSinceMs} unless null), in {@code projects} unless null. */
    int count(TaskStatus status, Long endedSinceMs, Set<String> projects) {
        if (projects != null && projects.isEmpty()) return 0;
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM tasks WHERE status = :status");
        if (endedSinceMs != null) sql.append(" AND ended_ms >= :since");
        if (projects != null) sql.append(" AND project IN (<projects>)");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("status", status.wire());
            if (endedSinceMs != null) q.bind("since", endedSinceMs);
            if (projects != null) q.bindList("projects", List.copyOf(projects));
            return q.mapTo(Integer.class).one();
        });
    }

    /** Tasks that had not finished when the server stopped, oldest first. */
    List<TaskRecord> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tasks WHERE status IN ('pending', 'running') ORDER BY created_ms, id")
                .map(row).list());
    }
}
