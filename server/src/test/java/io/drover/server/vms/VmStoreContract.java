package io.drover.server.vms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.GuestIp;
import io.drover.server.placement.HostStatus;
import io.drover.server.store.Database;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list's filters as the store answers them, once per store: each must agree with what the API shows. */
abstract class VmStoreContract {
    @TempDir
    Path tmp;
    Database db;
    VmStore store;

    abstract TestStores kind();

    void open() {
        String fresh = kind().freshUrl(tmp);
        db = Database.open(fresh == null ? Database.embeddedUrl(tmp) : fresh, null, null);
        store = new VmStore(db.jdbi(), new ObjectMapper());
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private String add(String name) {
        String id = UUID.randomUUID().toString();
        Vm vm = Vm.requested(id, name, "default", new Vm.Size(1, 256, 1), "image-1", List.of(), null, null, Vm.Desired.RUNNING, 1);
        assertThat(store.insert(vm, h -> {}, h -> {})).isTrue();
        return id;
    }

    private Set<String> ids(VmFilter filter) {
        return store.page(VmSort.NAME, null, filter, null, 10_000).stream().map(Vm::id).collect(Collectors.toSet());
    }

    private int addressRows() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM vm_addresses").mapTo(Integer.class).one());
    }

    private static VmFilter status(VmStatus status, Map<String, HostStatus> hosts) {
        return new VmFilter(null, null, null, status, hosts, null, Set.of());
    }

    private static VmFilter address(String prefix, Set<String> tracked) {
        return new VmFilter(null, null, null, null, Map.of(), prefix, tracked);
    }

    /**
     * Every combination of phase, host (none, online, suspect, offline)
     * and observed state (none, each known one, one from a newer agent): the status filter selects
     * exactly the VMs {@link VmStatus#of} gives that status, whether the store is told the offline
     * hosts (fewer) or the reachable ones (fewer).
     */
    @Test
    void theStatusFilterSelectsWhatVmStatusOfSays() {
        open();
        for (String host : List.of("h-up", "h-suspect", "h-down", "h-down-2", "h-down-3")) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO hosts (id, name, enabled, joined_ms, heartbeat_ms) "
                    + "VALUES (?, ?, TRUE, 1, 10000)", host, host));
        }
        List<String> observed = new ArrayList<>(Arrays.asList(null, DomainReport.RUNNING, DomainReport.SHUTTING_DOWN, DomainReport.PAUSED,
                DomainReport.STOPPED, DomainReport.ABSENT, DomainReport.ERROR, DomainReport.CRASHED, "migrating"));
        Map<String, Object[]> made = new HashMap<>();
        int n = 0;
        for (Vm.Phase phase : Arrays.asList(null, Vm.Phase.CREATING, Vm.Phase.DELETING)) {
            for (String host : Arrays.asList(null, "h-up", "h-suspect", "h-down")) {
                for (String state : observed) {
                    String id = add("vm-" + n++);
                    if (host != null) db.jdbi().useHandle(h -> store.assignHost(h, id, host));
                    store.setPhase(id, phase, Vm.Desired.RUNNING, null);
                    if (state != null) store.observe(id, state, null, null, 2);
                    made.put(id, new Object[] {phase, host, state});
                }
            }
        }
        Map<String, HostStatus> fewOffline = Map.of("h-up", HostStatus.ONLINE, "h-suspect", HostStatus.SUSPECT, "h-down", HostStatus.OFFLINE);
        Map<String, HostStatus> mostOffline = Map.of("h-up", HostStatus.ONLINE, "h-suspect", HostStatus.SUSPECT, "h-down", HostStatus.OFFLINE,
                "h-down-2", HostStatus.OFFLINE, "h-down-3", HostStatus.OFFLINE);
        Map<String, HostStatus> allOffline = Map.of("h-up", HostStatus.OFFLINE, "h-suspect", HostStatus.OFFLINE, "h-down", HostStatus.OFFLINE);
        for (Map<String, HostStatus> hosts : List.of(fewOffline, mostOffline, allOffline, Map.<String, HostStatus>of())) {
            for (VmStatus status : VmStatus.values()) {
                Set<String> expected = made.entrySet().stream()
                        .filter(e -> VmStatus.of((Vm.Phase) e.getValue()[0], (String) e.getValue()[1], (String) e.getValue()[2],
                                e.getValue()[1] == null ? null : hosts.get((String) e.getValue()[1])) == status)
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                assertThat(ids(status(status, hosts))).as("%s with %s", status, hosts).isEqualTo(expected);
            }
        }
        assertThat(made).hasSize(108);
    }

    @Test
    void theAddressFilterFollowsWhatHostsReportAndForgetsRemovedVms() {
        open();
        String a = add("a"), b = add("b"), c = add("c");
        db.jdbi().useHandle(h -> {
            store.assignHost(h, a, "h-1");
            store.assignHost(h, b, "h-2");
        });
        store.observe(a, DomainReport.RUNNING, null, List.of(new GuestIp("10.1.0.5", "lease"), new GuestIp("fd00::5", "agent"),
                new GuestIp("10.1.0.5", "arp")), 2);
        store.observe(b, DomainReport.RUNNING, null, List.of(new GuestIp("10.10.0.7", "lease")), 2);
        assertThat(ids(address("10.1.", Set.of()))).containsExactly(a);
        assertThat(ids(address("10.1", Set.of()))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(address("fd00:", Set.of()))).containsExactly(a);
        assertThat(ids(address("10.1.0.5", Set.of(c)))).containsExactlyInAnyOrder(a, c); // c by its tracker
        // LIKE's wildcards in a prefix are plain characters.
        assertThat(ids(address("10_1", Set.of()))).isEmpty();
        assertThat(ids(address("%", Set.of()))).isEmpty();

        store.observe(a, DomainReport.RUNNING, null, null, 3); // null keeps the addresses
        assertThat(ids(address("10.1.0.5", Set.of()))).containsExactly(a);
        store.observe(a, DomainReport.RUNNING, null, List.of(new GuestIp("10.2.0.9", "lease")), 4);
        assertThat(ids(address("10.1.0.", Set.of()))).isEmpty();
        assertThat(ids(address("10.2.", Set.of()))).containsExactly(a);

        assertThat(store.releaseAll("h-2", "host removed")).isEqualTo(1);
        assertThat(ids(address("10.10.", Set.of()))).isEmpty();
        store.delete(a);
        assertThat(ids(address("10.", Set.of()))).isEmpty();
        assertThat(addressRows()).isZero();
    }

    /** A store from before vm_addresses gets its rows from the addresses the VMs already had. */
    @Test
    void upgradingFillsTheAddressesFromWhatVmsHeld() {
        String fresh = kind().freshUrl(tmp);
        String url = fresh == null ? Database.embeddedUrl(tmp) : fresh;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("13").load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("INSERT INTO vms (id, name, cpus, memory_mib, disk_gib, image_id, desired, created_ms, project, ips) VALUES "
                    + "('v-1', 'one', 1, 256, 1, 'i', 'running', 1, 'default', '[{\"address\":\"10.9.0.1\",\"source\":\"lease\"},"
                    + "{\"address\":\"10.9.0.1\",\"source\":\"arp\"},{\"address\":\"fd00::1\",\"source\":\"agent\"}]'), "
                    + "('v-2', 'two', 1, 256, 1, 'i', 'running', 1, 'default', NULL), "
                    + "('v-3', 'three', 1, 256, 1, 'i', 'running', 1, 'default', '[{\"addr')");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        db = Database.open(url, null, null);
        store = new VmStore(db.jdbi(), new ObjectMapper());
        assertThat(ids(address("10.9.", Set.of()))).containsExactly("v-1");
        assertThat(ids(address("fd00::1", Set.of()))).containsExactly("v-1");
        assertThat(addressRows()).isEqualTo(2);
    }
}
