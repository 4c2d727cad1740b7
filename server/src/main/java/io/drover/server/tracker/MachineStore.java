package io.drover.server.tracker;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The {@code machines} table. Standard MERGE works unchanged on H2 and PostgreSQL 15+. */
final class MachineStore {
    private static final String UPSERT = """
            MERGE INTO machines m
            USING (VALUES (CAST(:hostname AS VARCHAR(253)), CAST(:project AS VARCHAR(63)), CAST(:ip AS VARCHAR(64)), CAST(:iface AS VARCHAR(64)),
                           CAST(:status AS VARCHAR(16)), CAST(:firstSeen AS BIGINT), CAST(:lastSeen AS BIGINT),
                           CAST(:uuid AS VARCHAR(64)), CAST(:interval AS INTEGER), CAST(:addresses AS VARCHAR(4096)),
                           CAST(:os AS VARCHAR(256)), CAST(:agentVersion AS VARCHAR(64)), CAST(:vouched AS BOOLEAN)))
                AS s (hostname, project, ip_address, iface, status, first_seen_ms, last_seen_ms, uuid, interval_seconds,
                      ip_addresses, os, agent_version, vouched)
            ON m.hostname = s.hostname
            WHEN MATCHED THEN UPDATE SET project = s.project, ip_address = s.ip_address, iface = s.iface, status = s.status,
                first_seen_ms = s.first_seen_ms, last_seen_ms = s.last_seen_ms, uuid = s.uuid,
                interval_seconds = s.interval_seconds, ip_addresses = s.ip_addresses, os = s.os,
                agent_version = s.agent_version, vouched = s.vouched
            WHEN NOT MATCHED THEN INSERT (hostname, project, ip_address, iface, status, first_seen_ms, last_seen_ms, uuid,
                interval_seconds, ip_addresses, os, agent_version, vouched)
                VALUES (s.hostname, s.project, s.ip_address, s.iface, s.status, s.first_seen_ms, s.last_seen_ms, s.uuid,
                        s.interval_seconds, s.ip_addresses, s.os, s.agent_version, s.vouched)
            """;

    private final Jdbi jdbi;

    MachineStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every stored machine, with last_seen as the later of its row and the seen log. */
    List<Machine> loadAll() {
        Map<String, Long> seen = SeenLog.latest(jdbi);
        return rows().stream()
                .map(m -> seen.getOrDefault(m.hostname(), 0L) > m.lastSeenMs() ? m.withLastSeen(seen.get(m.hostname())) : m)
                .toList();
    }

    private List<Machine> rows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM machines ORDER BY hostname")
                .map((rs, ctx) -> new Machine(
                        rs.getString("hostname"),
                        rs.getString("project"),
                        rs.getString("ip_address"),
                        rs.getString("iface"),
                        MachineStatus.fromWire(rs.getString("status")),
                        rs.getLong("first_seen_ms"),
                        rs.getLong("last_seen_ms"),
                        rs.getString("uuid"),
                        (Integer) rs.getObject("interval_seconds", Integer.class),
                        splitAddresses(rs.getString("ip_addresses")),
                        rs.getString("os"),
                        rs.getString("agent_version"),
                        rs.getBoolean("vouched")))
                .list());
    }

    void upsert(Handle h, Collection<Machine> machines) {
        if (machines.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch(UPSERT);
        for (Machine m : machines) {
            batch.bind("hostname", m.hostname())
                    .bind("project", m.project())
                    .bind("ip", m.ipAddress())
                    .bind("iface", m.networkInterface())
                    .bind("status", m.status().wire())
                    .bind("firstSeen", m.firstSeenMs())
                    .bind("lastSeen", m.lastSeenMs())
                    .bind("uuid", m.uuid())
                    .bind("interval", m.intervalSeconds())
                    .bind("addresses", m.ipAddresses() == null ? null : String.join(",", m.ipAddresses()))
                    .bind("os", m.os())
                    .bind("agentVersion", m.agentVersion())
                    .bind("vouched", m.vouched())
                    .add();
        }
        batch.execute();
    }

    void delete(Handle h, Collection<String> hostnames) {
        if (hostnames.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch("DELETE FROM machines WHERE hostname = :hostname");
        for (String hostname : hostnames) batch.bind("hostname", hostname).add();
        batch.execute();
    }

    private static List<String> splitAddresses(String joined) {
        return joined == null ? null : joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
