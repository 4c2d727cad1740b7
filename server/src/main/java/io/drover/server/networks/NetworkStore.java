package io.drover.server.networks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code networks}, {@code subnets} and {@code vm_nics} tables. */
final class NetworkStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Subnet.Pool>> POOLS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Columns columns;

    NetworkStore(Jdbi jdbi, ObjectMapper mapper) {
        this.jdbi = jdbi;
        this.columns = new Columns(mapper);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    void insert(Handle h, Network n) {
        h.createUpdate("INSERT INTO networks (id, name, project, kind, bridge, vlan, created_ms) VALUES (:id, :name, :project, :kind, :bridge, :vlan, :created)")
                .bind("id", n.id()).bind("name", n.name()).bind("project", n.project()).bind("kind", n.kind().wire())
                .bind("bridge", n.bridge()).bind("vlan", n.vlan()).bind("created", n.createdMs()).execute();
        for (Subnet s : n.subnets()) insertSubnet(h, s, n.createdMs());
    }

    void insertSubnet(Handle h, Subnet s, long createdMs) {
        h.createUpdate("""
                        INSERT INTO subnets (id, network_id, cidr, gateway, dns, pools, excluded, created_ms)
                        VALUES (:id, :network, :cidr, :gateway, :dns, :pools, :excluded, :created)""")
                .bind("id", s.id()).bind("network", s.networkId()).bind("cidr", s.cidr()).bind("gateway", s.gateway())
                .bind("dns", columns.json(s.dns())).bind("pools", columns.json(s.pools())).bind("excluded", columns.json(s.excluded()))
                .bind("created", createdMs).execute();
    }

    boolean nameTaken(Handle h, String name) {
        return h.createQuery("SELECT COUNT(*) FROM networks WHERE name = :n").bind("n", name).mapTo(Integer.class).one() > 0;
    }

    /** Networks shared by all and those of {@code projects} (null: every network), by name. */
    List<Network> list(Set<String> projects) {
        return jdbi.withHandle(h -> {
            String where = projects == null ? "" : projects.isEmpty() ? " WHERE project IS NULL" : " WHERE project IS NULL OR project IN (<projects>)";
            var q = h.createQuery("SELECT * FROM networks" + where + " ORDER BY name");
            if (projects != null && !projects.isEmpty()) q.bindList("projects", List.copyOf(projects));
            List<Network> bare = q.map((rs, ctx) -> network(rs, List.of())).list();
            Map<String, List<Subnet>> subnets = subnetsByNetwork(h);
            return bare.stream().map(n -> withSubnets(n, subnets.getOrDefault(n.id(), List.of()))).toList();
        });
    }

    Optional<Network> find(String idOrName) {
        return jdbi.withHandle(h -> find(h, idOrName));
    }

    Optional<Network> find(Handle h, String idOrName) {
        return h.createQuery("SELECT * FROM networks WHERE id = :v OR name = :v ORDER BY CASE WHEN id = :v THEN 0 ELSE 1 END LIMIT 1")
                .bind("v", idOrName).map((rs, ctx) -> network(rs, List.of())).findOne()
                .map(n -> withSubnets(n, subnetsOf(h, n.id(), false)));
    }

    /** The network's subnets, their rows locked until the transaction ends when {@code lock} (address hand-out). */
    List<Subnet> subnetsOf(Handle h, String networkId, boolean lock) {
        return h.createQuery("SELECT * FROM subnets WHERE network_id = :n ORDER BY created_ms, id" + (lock ? " FOR UPDATE" : ""))
                .bind("n", networkId).map((rs, ctx) -> subnet(rs)).list();
    }

    /** Every subnet of every network (overlap checks). */
    List<Subnet> allSubnets(Handle h) {
        return h.createQuery("SELECT * FROM subnets").map((rs, ctx) -> subnet(rs)).list();
    }

    private Map<String, List<Subnet>> subnetsByNetwork(Handle h) {
        Map<String, List<Subnet>> out = new LinkedHashMap<>();
        h.createQuery("SELECT * FROM subnets ORDER BY created_ms, id").map((rs, ctx) -> subnet(rs)).forEach(s ->
                out.computeIfAbsent(s.networkId(), k -> new ArrayList<>()).add(s));
        return out;
    }

    void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM networks WHERE id = :id").bind("id", id).execute();
    }

    void deleteOfProject(Handle h, String project) {
        h.createUpdate("DELETE FROM networks WHERE project = :p").bind("p", project).execute();
    }

    void deleteSubnet(Handle h, String id) {
        h.createUpdate("DELETE FROM subnets WHERE id = :id").bind("id", id).execute();
    }

    int nicsOnNetwork(Handle h, String networkId) {
        return h.createQuery("SELECT COUNT(*) FROM vm_nics WHERE network_id = :n").bind("n", networkId).mapTo(Integer.class).one();
    }

    int nicsInSubnet(Handle h, String subnetId) {
        return h.createQuery("SELECT COUNT(*) FROM vm_nics WHERE subnet_id = :s").bind("s", subnetId).mapTo(Integer.class).one();
    }

    /** The addresses NICs hold in a subnet. */
    Set<String> held(Handle h, String subnetId) {
        return new HashSet<>(h.createQuery("SELECT address FROM vm_nics WHERE subnet_id = :s AND address IS NOT NULL")
                .bind("s", subnetId).mapTo(String.class).list());
    }

    boolean macTaken(Handle h, String mac) {
        return h.createQuery("SELECT COUNT(*) FROM vm_nics WHERE mac = :m").bind("m", mac).mapTo(Integer.class).one() > 0;
    }

    void insertNic(Handle h, VmNic nic) {
        h.createUpdate("INSERT INTO vm_nics (vm_id, position, network_id, mac, subnet_id, address) VALUES (:vm, :pos, :net, :mac, :subnet, :address)")
                .bind("vm", nic.vmId()).bind("pos", nic.position()).bind("net", nic.networkId()).bind("mac", nic.mac())
                .bind("subnet", nic.subnetId()).bind("address", nic.address()).execute();
    }

    List<VmNic> nicsOf(String vmId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM vm_nics WHERE vm_id = :vm ORDER BY position").bind("vm", vmId)
                .map((rs, ctx) -> nic(rs)).list());
    }

    /** Who holds an address of a subnet: the address, the NIC's MAC, the VM's id, name and project. */
    record Holder(String address, String mac, String vmId, String vmName, String project) {}

    List<Holder> holders(String subnetId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT n.address, n.mac, n.vm_id, v.name, v.project FROM vm_nics n JOIN vms v ON v.id = n.vm_id
                        WHERE n.subnet_id = :s AND n.address IS NOT NULL""")
                .bind("s", subnetId).map((rs, ctx) -> new Holder(rs.getString("address"), rs.getString("mac"), rs.getString("vm_id"),
                        rs.getString("name"), rs.getString("project"))).list());
    }

    private static VmNic nic(ResultSet rs) throws SQLException {
        return new VmNic(rs.getString("vm_id"), rs.getInt("position"), rs.getString("network_id"), rs.getString("mac"),
                rs.getString("subnet_id"), rs.getString("address"));
    }

    private static Network network(ResultSet rs, List<Subnet> subnets) throws SQLException {
        return new Network(rs.getString("id"), rs.getString("name"), rs.getString("project"),
                NetworkKind.parse(rs.getString("kind")).orElseThrow(), rs.getString("bridge"), rs.getObject("vlan", Integer.class),
                rs.getLong("created_ms"), subnets);
    }

    private static Network withSubnets(Network n, List<Subnet> subnets) {
        return new Network(n.id(), n.name(), n.project(), n.kind(), n.bridge(), n.vlan(), n.createdMs(), List.copyOf(subnets));
    }

    private Subnet subnet(ResultSet rs) throws SQLException {
        return new Subnet(rs.getString("id"), rs.getString("network_id"), rs.getString("cidr"), rs.getString("gateway"),
                orEmpty(columns.fromJson(rs.getString("dns"), STRINGS)), orEmpty(columns.fromJson(rs.getString("pools"), POOLS)),
                orEmpty(columns.fromJson(rs.getString("excluded"), STRINGS)));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
