package io.drover.server.hosts;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code hosts} table. Hosts change rarely, so every change is written at once. */
final class HostStore {
    private static final RowMapper<Host> HOST = (rs, ctx) -> new Host(
            rs.getString("id"), rs.getString("name"), rs.getBoolean("enabled"), rs.getLong("joined_ms"),
            (Long) rs.getObject("last_heartbeat_ms", Long.class), rs.getLong("heartbeat_ms"));

    private final Jdbi jdbi;

    HostStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Handle h, Host host, String credentialSha256) {
        h.createUpdate("""
                        INSERT INTO hosts (id, name, credential_sha256, enabled, joined_ms, heartbeat_ms)
                        VALUES (:id, :name, :cred, :enabled, :joined, :heartbeat)""")
                .bind("id", host.id()).bind("name", host.name()).bind("cred", credentialSha256)
                .bind("enabled", host.enabled()).bind("joined", host.joinedMs()).bind("heartbeat", host.heartbeatMs())
                .execute();
    }

    Optional<Host> get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM hosts WHERE id = :id").bind("id", id).map(HOST).findOne());
    }

    /** Hosts in (name, id) order after the given key (exclusive), at most {@code limit}. */
    List<Host> page(String afterName, String afterId, int limit) {
        String where = afterName == null ? "" : "WHERE name > :afterName OR (name = :afterName AND id > :afterId) ";
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM hosts " + where + "ORDER BY name, id LIMIT :limit")
                .bind("afterName", afterName).bind("afterId", afterId).bind("limit", limit)
                .map(HOST).list());
    }

    /** The host a credential belongs to. */
    Optional<Host> byCredential(String credentialSha256) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM hosts WHERE credential_sha256 = :c")
                .bind("c", credentialSha256).map(HOST).findOne());
    }

    /** Records a heartbeat; false when the host is gone. */
    boolean heartbeat(String id, long atMs, long intervalMs) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET last_heartbeat_ms = :at, heartbeat_ms = :interval WHERE id = :id")
                .bind("at", atMs).bind("interval", intervalMs).bind("id", id).execute()) == 1;
    }

    boolean setEnabled(String id, boolean enabled) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET enabled = :enabled WHERE id = :id")
                .bind("enabled", enabled).bind("id", id).execute()) == 1;
    }

    boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM hosts WHERE id = :id").bind("id", id).execute()) == 1;
    }
}
