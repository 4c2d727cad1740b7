package io.drover.server.hosts;

import io.drover.server.store.Columns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code hosts} table. Hosts change rarely, so every change is written at once. */
final class HostStore {
    private static final RowMapper<Host> HOST = (rs, ctx) -> {
        Long factsMs = rs.getObject("facts_ms", Long.class);
        Host.Facts facts = factsMs == null ? null : new Host.Facts(rs.getString("hostname"), rs.getString("cpu_model"),
                rs.getInt("cpus"), rs.getLong("memory_mib"), rs.getLong("disk_total_gib"), rs.getLong("disk_free_gib"),
                rs.getString("libvirt_version"), rs.getString("qemu_version"), rs.getString("accel"), rs.getString("accel_reason"),
                splitAddresses(rs.getString("addresses")), factsMs);
        return new Host(rs.getString("id"), rs.getString("name"), rs.getString("project"), rs.getBoolean("enabled"), rs.getLong("joined_ms"),
                rs.getObject("last_heartbeat_ms", Long.class), rs.getLong("heartbeat_ms"), facts, rs.getString("accel_setting"),
                rs.getString("warning"));
    };

    private final Jdbi jdbi;

    HostStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Handle h, Host host) {
        h.createUpdate("""
                        INSERT INTO hosts (id, name, project, enabled, joined_ms, heartbeat_ms)
                        VALUES (:id, :name, :project, :enabled, :joined, :heartbeat)""")
                .bind("id", host.id()).bind("name", host.name()).bind("project", host.project())
                .bind("enabled", host.enabled()).bind("joined", host.joinedMs()).bind("heartbeat", host.heartbeatMs())
                .execute();
    }

    Optional<Host> get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM hosts WHERE id = :id").bind("id", id).map(HOST).findOne());
    }

    /**
     * Hosts in (name, id) order after the given key (exclusive), at most {@code limit}: shared ones
     * and those dedicated to one of {@code projects} (null: every host).
     */
    List<Host> page(String afterName, String afterId, int limit, Set<String> projects) {
        StringBuilder sql = new StringBuilder("SELECT * FROM hosts WHERE 1 = 1");
        if (afterName != null) sql.append(" AND (name > :afterName OR (name = :afterName AND id > :afterId))");
        if (projects != null) sql.append(projects.isEmpty() ? " AND project IS NULL" : " AND (project IS NULL OR project IN (<projects>))");
        sql.append(" ORDER BY name, id LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("afterName", afterName).bind("afterId", afterId).bind("limit", limit);
            if (projects != null && !projects.isEmpty()) q.bindList("projects", List.copyOf(projects));
            return q.map(HOST).list();
        });
    }

    /** The newest heartbeat of any host, or null when none has heartbeated. */
    Long newestHeartbeat() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(last_heartbeat_ms) FROM hosts").mapTo(Long.class).findOne().orElse(null));
    }

    /** Every host without its facts: what liveness is judged from, for a page of VMs. */
    List<Host> withoutFacts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, project, enabled, joined_ms, last_heartbeat_ms, heartbeat_ms FROM hosts")
                .map((rs, ctx) -> new Host(rs.getString("id"), rs.getString("name"), rs.getString("project"), rs.getBoolean("enabled"),
                        rs.getLong("joined_ms"), rs.getObject("last_heartbeat_ms", Long.class), rs.getLong("heartbeat_ms"), null)).list());
    }

    List<Host> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM hosts").map(HOST).list());
    }

    List<String> idsNamed(String name) {
        return jdbi.withHandle(h -> idsNamed(h, name));
    }

    List<String> idsNamed(Handle h, String name) {
        return h.createQuery("SELECT id FROM hosts WHERE name = :name").bind("name", name).mapTo(String.class).list();
    }

    /** Records a heartbeat; false when the host is gone. */
    boolean heartbeat(String id, long atMs, long intervalMs) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET last_heartbeat_ms = :at, heartbeat_ms = :interval WHERE id = :id")
                .bind("at", atMs).bind("interval", intervalMs).bind("id", id).execute()) == 1;
    }

    /** Stores what the agent reported, checked by {@link ReportedFacts}; false when the host is gone. */
    boolean facts(String id, Host.Facts f) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE hosts SET hostname = :hostname, cpu_model = :model, cpus = :cpus, memory_mib = :mem,
                            disk_total_gib = :diskTotal, disk_free_gib = :diskFree, libvirt_version = :libvirt,
                            qemu_version = :qemu, accel = :accel, accel_reason = :accelReason, addresses = :addresses, facts_ms = :at
                        WHERE id = :id""")
                .bind("hostname", f.hostname()).bind("model", f.cpuModel()).bind("cpus", f.cpus())
                .bind("mem", f.memoryMib()).bind("diskTotal", f.diskTotalGib()).bind("diskFree", f.diskFreeGib())
                .bind("libvirt", f.libvirtVersion()).bind("qemu", f.qemuVersion()).bind("accel", f.accel())
                .bind("accelReason", f.accelReason()).bind("addresses", Columns.clip(String.join(",", f.addresses()), 4096))
                .bind("at", f.reportedMs()).bind("id", id).execute()) == 1;
    }

    /** What the VMs placed on each host hold: host id to (count, vCPUs, MiB, GiB). */
    Map<String, Allocation> allocations(Handle h) {
        Map<String, Allocation> out = new HashMap<>();
        h.createQuery("""
                        SELECT host_id, COUNT(*) AS n, SUM(cpus) AS cpus, SUM(memory_mib) AS mem, SUM(disk_gib) AS disk
                        FROM vms WHERE host_id IS NOT NULL GROUP BY host_id""")
                .map((rs, ctx) -> Map.entry(rs.getString("host_id"),
                        new Allocation(rs.getInt("n"), rs.getInt("cpus"), rs.getLong("mem"), rs.getLong("disk"))))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Map<String, Allocation> allocations() {
        return jdbi.withHandle(this::allocations);
    }

    /** Every host, locked for the caller's transaction so concurrent placements take turns. */
    List<Host> lockAll(Handle h) {
        return h.createQuery("SELECT * FROM hosts ORDER BY id FOR UPDATE").map(HOST).list();
    }

    /** The operator's accelerator for the host (null: the agent decides); clears its warning. False when the host is gone. */
    boolean setAccel(String id, String setting) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET accel_setting = :setting, warning = NULL WHERE id = :id")
                .bind("setting", setting).bind("id", id).execute()) == 1;
    }

    /** Sets the host's warning unless it has one already; true when this set it. */
    boolean warnOnce(String id, String warning) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET warning = :warning WHERE id = :id AND warning IS NULL")
                .bind("warning", Columns.clip(warning, 2000)).bind("id", id).execute()) == 1;
    }

    boolean setEnabled(String id, boolean enabled) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET enabled = :enabled WHERE id = :id")
                .bind("enabled", enabled).bind("id", id).execute()) == 1;
    }

    boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM hosts WHERE id = :id").bind("id", id).execute()) == 1;
    }

    private static List<String> splitAddresses(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /** What a host's VMs hold. */
    record Allocation(int vms, int cpus, long memoryMib, long diskGib) {
        static final Allocation NONE = new Allocation(0, 0, 0, 0);
    }
}
