package io.drover.server.vms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.GuestIp;
import io.drover.server.store.Columns;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The {@code vms} table. */
final class VmStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<GuestIp>> IPS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Columns columns;
    private final RowMapper<Vm> row;

    VmStore(Jdbi jdbi, ObjectMapper mapper) {
        this.jdbi = jdbi;
        this.columns = new Columns(mapper);
        this.row = (rs, ctx) -> new Vm(rs.getString("id"), rs.getString("name"), rs.getInt("cpus"), rs.getLong("memory_mib"),
                rs.getLong("disk_gib"), rs.getString("image_id"), columns.fromJson(rs.getString("ssh_keys"), STRINGS),
                rs.getString("user_data"), rs.getString("pinned_host"), rs.getString("host_id"), Vm.Desired.fromWire(rs.getString("desired")),
                Vm.Phase.fromWire(rs.getString("phase")), rs.getString("observed"), rs.getObject("observed_ms", Long.class),
                columns.fromJson(rs.getString("ips"), IPS), rs.getString("error"), rs.getLong("created_ms"), rs.getString("project"),
                rs.getString("observed_reason"));
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Inserts a new VM after {@code quota} checked its project, and lets {@code then} add what
     * hangs off its row (its NICs), all in one transaction; false when the name is taken.
     */
    boolean insert(Vm vm, Consumer<Handle> quota, Consumer<Handle> then) {
        return jdbi.inTransaction(h -> {
            quota.accept(h);
            if (h.createQuery("SELECT COUNT(*) FROM vms WHERE name = :name").bind("name", vm.name()).mapTo(Integer.class).one() > 0) {
                return false;
            }
            h.createUpdate("""
                            INSERT INTO vms (id, name, cpus, memory_mib, disk_gib, image_id, ssh_keys, user_data, pinned_host,
                                             host_id, desired, phase, observed, observed_ms, ips, error, created_ms, project)
                            VALUES (:id, :name, :cpus, :mem, :disk, :image, :keys, :userData, :pinned,
                                    NULL, :desired, :phase, NULL, NULL, NULL, NULL, :created, :project)""")
                    .bind("id", vm.id()).bind("name", vm.name()).bind("cpus", vm.cpus()).bind("mem", vm.memoryMib())
                    .bind("disk", vm.diskGib()).bind("image", vm.imageId()).bind("keys", columns.json(vm.sshKeys()))
                    .bind("userData", vm.userData()).bind("pinned", vm.pinnedHost()).bind("desired", vm.desired().wire())
                    .bind("phase", vm.phase() == null ? null : vm.phase().wire()).bind("created", vm.createdMs()).bind("project", vm.project())
                    .execute();
            then.accept(h);
            return true;
        });
    }

    Optional<Vm> get(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM vms WHERE id = :id").bind("id", id).map(row).findOne());
    }

    Optional<Vm> byName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM vms WHERE name = :name").bind("name", name).map(row).findOne());
    }

    List<Vm> onHost(String hostId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM vms WHERE host_id = :host").bind("host", hostId).map(row).list());
    }

    int countOnHost(String hostId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM vms WHERE host_id = :host").bind("host", hostId)
                .mapTo(Integer.class).one());
    }

    /**
     * Whether a VM made from the image has the host (placement sets it before the create is sent),
     * of the host's own project when the host is dedicated to one.
     */
    boolean imagePlacedOn(String imageId, String hostId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM vms JOIN hosts ON hosts.id = vms.host_id
                        WHERE vms.image_id = :image AND vms.host_id = :host AND (hosts.project IS NULL OR hosts.project = vms.project)""")
                .bind("image", imageId).bind("host", hostId).mapTo(Integer.class).one()) > 0;
    }

    int countUsingImage(String imageId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM vms WHERE image_id = :image").bind("image", imageId)
                .mapTo(Integer.class).one());
    }

    /** How many VMs share a phase, host and observed state (what a VM's status is derived from). */
    record StatusGroup(Vm.Phase phase, String hostId, String observed, int count) {}

    /** VMs of {@code projects} (null: all) counted by phase, host and observed state: one row per group, not per VM. */
    List<StatusGroup> statusGroups(Set<String> projects) {
        if (projects != null && projects.isEmpty()) return List.of();
        String sql = "SELECT phase, host_id, observed, COUNT(*) AS n FROM vms" + (projects == null ? "" : " WHERE project IN (<projects>)")
                + " GROUP BY phase, host_id, observed";
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql);
            if (projects != null) q.bindList("projects", List.copyOf(projects));
            return q.map((rs, ctx) -> new StatusGroup(Vm.Phase.fromWire(rs.getString("phase")), rs.getString("host_id"),
                    rs.getString("observed"), rs.getInt("n"))).list();
        });
    }

    /** VMs in name order after {@code afterName} (null: from the first), of {@code projects} (null: all). */
    List<Vm> page(String afterName, Set<String> projects, int limit) {
        return page(VmSort.NAME, afterName == null ? null : new VmSort.Key(afterName, 0), VmFilter.NONE, projects, limit);
    }

    /** VMs of {@code projects} (null: all) that pass {@code filter}, in {@code sort}'s order after {@code after}. */
    List<Vm> page(VmSort sort, VmSort.Key after, VmFilter filter, Set<String> projects, int limit) {
        if (projects != null && projects.isEmpty()) return List.of();
        VmFilter.HostList hostList = filter.status() == null ? null : filter.hostList();
        boolean anyTracked = !filter.trackedIds().isEmpty();
        StringBuilder sql = new StringBuilder("SELECT * FROM vms WHERE 1 = 1");
        if (projects != null) sql.append(" AND project IN (<projects>)");
        if (after != null) sql.append(" AND ").append(sort.after());
        if (filter.hostId() != null) sql.append(" AND host_id = :host");
        if (filter.query() != null) sql.append(" AND LOWER(name) LIKE :q ESCAPE '!'");
        if (filter.imageId() != null) sql.append(" AND image_id = :image"); // indexed (vms_image)
        if (hostList != null) sql.append(" AND ").append(filter.statusCondition(hostList));
        if (filter.address() != null) {
            sql.append(" AND (id IN (SELECT vm_id FROM vm_addresses WHERE address LIKE :address ESCAPE '!')")
                    .append(anyTracked ? " OR id IN (<tracked>))" : ")");
        }
        sql.append(" ORDER BY ").append(sort.orderBy()).append(" LIMIT :limit");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (after != null) q.bind("afterName", after.name()).bind("afterCreated", after.createdMs());
            if (projects != null) q.bindList("projects", List.copyOf(projects));
            if (filter.hostId() != null) q.bind("host", filter.hostId());
            if (filter.imageId() != null) q.bind("image", filter.imageId());
            if (filter.query() != null) q.bind("q", "%" + likeEscaped(filter.query().toLowerCase(Locale.ROOT)) + "%");
            if (hostList != null && !hostList.ids().isEmpty()) q.bindList("hostList", hostList.ids());
            if (filter.address() != null) {
                q.bind("address", likeEscaped(filter.address()) + "%");
                if (anyTracked) q.bindList("tracked", List.copyOf(filter.trackedIds()));
            }
            return q.map(row).list();
        });
    }

    /** {@code text} matched literally by LIKE … ESCAPE '!'. */
    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** Places the VM on a host, inside placement's transaction. */
    void assignHost(Handle h, String id, String hostId) {
        h.createUpdate("UPDATE vms SET host_id = :host WHERE id = :id").bind("host", hostId).bind("id", id).execute();
    }

    void releaseHost(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vms SET host_id = NULL WHERE id = :id").bind("id", id).execute());
    }

    /** Every VM of a removed host: unplaced, in error, nothing observed. */
    int releaseAll(String hostId, String error) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM vm_addresses WHERE vm_id IN (SELECT id FROM vms WHERE host_id = :host)").bind("host", hostId).execute();
            return h.createUpdate(
                            "UPDATE vms SET host_id = NULL, observed = NULL, observed_reason = NULL, ips = NULL, phase = NULL, error = :error "
                                    + "WHERE host_id = :host")
                    .bind("error", error).bind("host", hostId).execute();
        });
    }

    void setPhase(String id, Vm.Phase phase, Vm.Desired desired, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vms SET phase = :phase, desired = :desired, error = :error WHERE id = :id")
                .bind("phase", phase == null ? null : phase.wire()).bind("desired", desired.wire()).bind("error", Columns.clip(error, 2000)).bind("id", id).execute());
    }

    void setDesired(String id, Vm.Desired desired) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE vms SET desired = :desired, error = NULL WHERE id = :id")
                .bind("desired", desired.wire()).bind("id", id).execute());
    }

    void resize(String id, int cpus, long memoryMib) {
        jdbi.useHandle(h -> resize(h, id, cpus, memoryMib));
    }

    void resize(Handle h, String id, int cpus, long memoryMib) {
        h.createUpdate("UPDATE vms SET cpus = :cpus, memory_mib = :mem WHERE id = :id")
                .bind("cpus", cpus).bind("mem", memoryMib).bind("id", id).execute();
    }

    /** Records what the host reported; ips null keeps the stored ones. */
    void observe(String id, String state, String reason, List<GuestIp> ips, long atMs) {
        jdbi.useTransaction(h -> {
            String set = "observed = :state, observed_reason = :reason, observed_ms = :at" + (ips == null ? "" : ", ips = :ips");
            var update = h.createUpdate("UPDATE vms SET " + set + " WHERE id = :id").bind("state", Columns.clip(state, 16))
                    .bind("reason", Columns.clip(reason, 32)).bind("at", atMs).bind("id", id);
            if (ips != null) update.bind("ips", Columns.clip(columns.json(ips), 4096));
            if (update.execute() == 0 || ips == null) return;
            h.createUpdate("DELETE FROM vm_addresses WHERE vm_id = :id").bind("id", id).execute();
            PreparedBatch rows = h.prepareBatch("INSERT INTO vm_addresses (vm_id, address) VALUES (:id, :address)");
            ips.stream().map(GuestIp::address).filter(a -> a != null && !a.isEmpty() && a.length() <= 64).distinct()
                    .forEach(a -> rows.bind("id", id).bind("address", a).add());
            if (rows.size() > 0) rows.execute();
        });
    }

    void delete(String id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM vms WHERE id = :id").bind("id", id).execute());
    }

    /** Whether any task ever named this VM id: a domain with this UUID was made by Drover. */
    boolean everKnown(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE vm_id = :id").bind("id", id)
                .mapTo(Integer.class).one() > 0);
    }
}
