package io.drover.server.projects;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code projects} table, and what each project uses (summed from its VMs). */
final class ProjectStore {
    private final Jdbi jdbi;

    ProjectStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    Optional<Project> find(String name) {
        return jdbi.withHandle(h -> find(h, name, false));
    }

    /** The project, its row locked until the caller's transaction ends when {@code lock} (quota checks). */
    Optional<Project> find(Handle h, String name, boolean lock) {
        return h.createQuery("SELECT * FROM projects WHERE name = :n" + (lock ? " FOR UPDATE" : ""))
                .bind("n", name).map((rs, ctx) -> project(rs)).findOne();
    }

    List<Project> page(String after, Set<String> only, int limit) {
        if (only != null && only.isEmpty()) return List.of();
        String where = " WHERE 1 = 1" + (after == null ? "" : " AND name > :after") + (only == null ? "" : " AND name IN (<only>)");
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT * FROM projects" + where + " ORDER BY name LIMIT :limit").bind("after", after).bind("limit", limit);
            if (only != null) q.bindList("only", List.copyOf(only));
            return q.map((rs, ctx) -> project(rs)).list();
        });
    }

    List<String> existing(Handle h, List<String> names) {
        if (names.isEmpty()) return List.of();
        return h.createQuery("SELECT name FROM projects WHERE name IN (<names>)").bindList("names", names)
                .mapTo(String.class).list();
    }

    void insert(Project p) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO projects (name, description, created_ms, max_vms, max_vcpus, max_memory_mib, max_disk_gib)
                        VALUES (:name, :d, :c, :vms, :cpus, :mem, :disk)""")
                .bind("name", p.name()).bind("d", p.description()).bind("c", p.createdMs())
                .bind("vms", p.quota().vms()).bind("cpus", p.quota().vcpus()).bind("mem", p.quota().memoryMib())
                .bind("disk", p.quota().diskGib()).execute());
    }

    void update(Project p) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE projects SET description = :d, max_vms = :vms, max_vcpus = :cpus, max_memory_mib = :mem,
                                            max_disk_gib = :disk WHERE name = :name""")
                .bind("name", p.name()).bind("d", p.description())
                .bind("vms", p.quota().vms()).bind("cpus", p.quota().vcpus()).bind("mem", p.quota().memoryMib())
                .bind("disk", p.quota().diskGib()).execute());
    }

    /**
     * Deletes the project if nothing belongs to it; false when VMs, images, tracked machines or
     * dedicated hosts still do. Its registration tokens and unused join tokens go with it, so a
     * project made later under the same name does not inherit them.
     */
    boolean deleteIfEmpty(String name) {
        return jdbi.inTransaction(h -> {
            find(h, name, true);
            int held = h.createQuery("""
                            SELECT (SELECT COUNT(*) FROM vms WHERE project = :n) + (SELECT COUNT(*) FROM images WHERE project = :n)
                                 + (SELECT COUNT(*) FROM machines WHERE project = :n) + (SELECT COUNT(*) FROM hosts WHERE project = :n)""")
                    .bind("n", name).mapTo(Integer.class).one();
            if (held > 0) return false;
            h.createUpdate("DELETE FROM registration_tokens WHERE project = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM join_tokens WHERE project = :n AND used_ms IS NULL").bind("n", name).execute();
            h.createUpdate("DELETE FROM user_projects WHERE project = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM projects WHERE name = :n").bind("n", name).execute();
            return true;
        });
    }

    Project.Quota usage(String name) {
        return jdbi.withHandle(h -> usage(h, name));
    }

    Project.Quota usage(Handle h, String name) {
        return h.createQuery("""
                        SELECT COUNT(*) AS n, COALESCE(SUM(cpus), 0) AS cpus, COALESCE(SUM(memory_mib), 0) AS mem,
                               COALESCE(SUM(disk_gib), 0) AS disk FROM vms WHERE project = :n""")
                .bind("n", name)
                .map((rs, ctx) -> new Project.Quota(rs.getLong("n"), rs.getLong("cpus"), rs.getLong("mem"), rs.getLong("disk")))
                .one();
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString("name"), rs.getString("description"), rs.getLong("created_ms"),
                new Project.Quota(longOrNull(rs, "max_vms"), longOrNull(rs, "max_vcpus"), longOrNull(rs, "max_memory_mib"),
                        longOrNull(rs, "max_disk_gib")));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
