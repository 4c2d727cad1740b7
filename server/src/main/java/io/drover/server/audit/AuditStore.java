package io.drover.server.audit;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The {@code audit} table: batched inserts and filtered pages, newest first. Nothing here updates or deletes. */
final class AuditStore {
    private static final RowMapper<AuditRecord> ROW = (rs, ctx) -> new AuditRecord(rs.getLong("id"), rs.getLong("at_ms"),
            rs.getString("actor"), rs.getString("actor_kind"), rs.getString("user_id"), rs.getString("token_id"),
            rs.getString("session_id"), rs.getString("via"), rs.getString("address"), rs.getString("method"),
            rs.getString("route"), rs.getString("target"), rs.getString("path"), rs.getInt("status"),
            rs.getString("outcome"), rs.getString("detail"));

    private final Jdbi jdbi;

    AuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores {@code records} in one transaction, in order (so ids follow the order they were recorded in). */
    void insert(List<AuditRecord> records) {
        if (records.isEmpty()) return;
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO audit (at_ms, actor, actor_kind, user_id, token_id, session_id, via, address, method,
                                       route, target, path, status, outcome, detail)
                    VALUES (:at, :actor, :kind, :user, :token, :session, :via, :address, :method,
                            :route, :target, :path, :status, :outcome, :detail)""");
            for (AuditRecord r : records) {
                batch.bind("at", r.atMs()).bind("actor", r.actor()).bind("kind", r.actorKind()).bind("user", r.userId())
                        .bind("token", r.tokenId()).bind("session", r.sessionId()).bind("via", r.via())
                        .bind("address", r.address()).bind("method", r.method()).bind("route", r.route())
                        .bind("target", r.target()).bind("path", r.path()).bind("status", r.status())
                        .bind("outcome", r.outcome()).bind("detail", r.detail()).add();
            }
            batch.execute();
        });
    }

    List<AuditRecord> page(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE 1 = 1");
        if (q.beforeId() != null) sql.append(" AND id < :before");
        if (q.actor() != null) sql.append(" AND actor = :actor");
        if (q.route() != null) sql.append(" AND route = :route");
        if (q.target() != null) sql.append(" AND target = :target");
        if (q.outcome() != null) sql.append(" AND outcome = :outcome");
        if (q.method() != null) sql.append(" AND method = :method");
        if (q.sinceMs() != null) sql.append(" AND at_ms >= :since");
        if (q.untilMs() != null) sql.append(" AND at_ms < :until");
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", q.limit());
            if (q.beforeId() != null) query.bind("before", q.beforeId());
            if (q.actor() != null) query.bind("actor", q.actor());
            if (q.route() != null) query.bind("route", q.route());
            if (q.target() != null) query.bind("target", q.target());
            if (q.outcome() != null) query.bind("outcome", q.outcome());
            if (q.method() != null) query.bind("method", q.method());
            if (q.sinceMs() != null) query.bind("since", q.sinceMs());
            if (q.untilMs() != null) query.bind("until", q.untilMs());
            return query.map(ROW).list();
        });
    }
}
