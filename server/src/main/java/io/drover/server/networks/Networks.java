package io.drover.server.networks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.NetworkSpec;
import io.drover.protocol.link.NicSpec;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectName;
import io.drover.server.projects.Projects;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Networks, their subnets, and the NICs VMs have on them: what is checked before anything is
 * stored, and how a NIC gets its MAC and address (inside the VM's own create transaction, so a
 * refused NIC leaves no VM and no address held).
 */
public final class Networks {
    /** Network names: lower-case DNS labels, short enough for the libvirt network name made from them. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    public static final int MAX_NICS = 8;

    private final NetworkStore store;
    private final Projects projects;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Networks(Jdbi jdbi, ObjectMapper mapper, Clock clock, Projects projects) {
        this.store = new NetworkStore(jdbi, mapper);
        this.projects = projects;
        this.clock = clock;
        // A deleted project had no VMs left, so its networks hold no NIC: they go with it.
        projects.whenDeleted(name -> jdbi.useHandle(h -> store.deleteOfProject(h, name)));
    }

    public List<Route> routes(ObjectMapper mapper) {
        return new NetworkRoutes(this, mapper).routes();
    }

    Network create(NetworkRequest r) {
        String name = r.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequest("name must be 1-40 characters of a-z, 0-9 and '-', not starting or ending with '-'");
        }
        NetworkKind kind = NetworkKind.parse(r.kind() == null ? "" : r.kind())
                .orElseThrow(() -> new InvalidRequest("kind must be one of " + NetworkKind.choices()));
        String project = r.project() == null || r.project().isEmpty() ? null : ProjectName.check(r.project());
        String bridge = null;
        Integer vlan = r.vlan();
        if (kind == NetworkKind.BRIDGE) {
            if (r.bridge() == null || !BRIDGE.matcher(r.bridge()).matches()) {
                throw new InvalidRequest("bridge must name the host's bridge (1-15 letters, digits, '_', '.', '-'), such as br0");
            }
            bridge = r.bridge();
            if (vlan != null && (vlan < 1 || vlan > 4094)) throw new InvalidRequest("vlan must be from 1 to 4094");
        } else {
            if (r.bridge() != null) throw new InvalidRequest("bridge is only for a bridge network; libvirt names a " + kind.wire() + " network's bridge");
            if (vlan != null) throw new InvalidRequest("vlan is only for a bridge network");
        }
        List<SubnetRequest> asked = r.subnets() == null ? List.of() : r.subnets();
        if (kind == NetworkKind.USER && !asked.isEmpty()) throw new InvalidRequest("subnets: a user network has QEMU's own addresses, none of Drover's");
        if (kind.managed() && asked.stream().noneMatch(s -> s != null && s.cidr() != null && !s.cidr().contains(":"))) {
            throw new InvalidRequest("subnets: a " + kind.wire() + " network needs an IPv4 subnet (its DHCP and the host's address on the bridge)");
        }
        if (asked.size() > 8) throw new InvalidRequest("subnets may list at most 8");
        String id = UUID.randomUUID().toString();
        List<Subnet> subnets = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            if (asked.get(i) == null) throw new InvalidRequest("subnets[" + i + "] is empty");
            subnets.add(SubnetPlan.check(asked.get(i), kind, UUID.randomUUID().toString(), id));
        }
        Network network = new Network(id, name, project, kind, bridge, vlan, clock.millis(), List.copyOf(subnets));
        store.jdbi().useTransaction(h -> {
            if (project != null) projects.requireExisting(h, List.of(project));
            if (store.nameTaken(h, name)) throw new NetworkConflict("a network named " + name + " exists");
            refuseOverlaps(h, subnets);
            store.insert(h, network);
        });
        return network;
    }

    /** A subnet may not overlap any other, of this network or another: a host could not route both. */
    private void refuseOverlaps(Handle h, List<Subnet> adding) {
        List<SubnetPlan> seen = new ArrayList<>(store.allSubnets(h).stream().map(SubnetPlan::new).toList());
        for (Subnet s : adding) {
            SubnetPlan plan = new SubnetPlan(s);
            for (SubnetPlan other : seen) {
                if (plan.overlaps(other)) throw new NetworkConflict("subnet " + s.cidr() + " overlaps " + other.subnet().cidr());
            }
            seen.add(plan);
        }
    }

    Subnet addSubnet(String network, SubnetRequest r) {
        if (r == null) throw new InvalidRequest("a JSON body with the subnet's cidr is required");
        return store.jdbi().inTransaction(h -> {
            Network n = store.find(h, network).orElseThrow(() -> new NetworkNotFound("no network " + network));
            if (n.kind() == NetworkKind.USER) throw new InvalidRequest("a user network has QEMU's own addresses, none of Drover's");
            if (n.subnets().size() >= 8) throw new NetworkConflict("network " + n.name() + " has 8 subnets, the most it may have");
            Subnet s = SubnetPlan.check(r, n.kind(), UUID.randomUUID().toString(), n.id());
            refuseOverlaps(h, List.of(s));
            store.insertSubnet(h, s, clock.millis());
            return s;
        });
    }

    void deleteSubnet(String network, String subnetId) {
        store.jdbi().useTransaction(h -> {
            Network n = store.find(h, network).orElseThrow(() -> new NetworkNotFound("no network " + network));
            Subnet s = n.subnets().stream().filter(x -> x.id().equals(subnetId) || x.cidr().equals(subnetId)).findFirst()
                    .orElseThrow(() -> new NetworkNotFound("network " + n.name() + " has no subnet " + subnetId));
            int held = store.nicsInSubnet(h, s.id());
            if (held > 0) throw new NetworkConflict("subnet " + s.cidr() + " holds the addresses of " + held + " NICs; delete their VMs first");
            if (n.kind().managed() && n.subnets().stream().filter(x -> !x.cidr().contains(":")).count() == 1 && !s.cidr().contains(":")) {
                throw new NetworkConflict("subnet " + s.cidr() + " is the only IPv4 subnet of " + n.kind().wire() + " network " + n.name());
            }
            store.deleteSubnet(h, s.id());
        });
    }

    void delete(String network) {
        store.jdbi().useTransaction(h -> {
            Network n = store.find(h, network).orElseThrow(() -> new NetworkNotFound("no network " + network));
            int nics = store.nicsOnNetwork(h, n.id());
            if (nics > 0) throw new NetworkConflict("network " + n.name() + " has " + nics + " NICs on it; delete their VMs first");
            store.delete(h, n.id());
        });
    }

    List<Network> list(Set<String> projects) {
        return store.list(projects);
    }

    /** A network the caller's projects may use (null: any). */
    Network visible(String idOrName, Set<String> projects) {
        return store.find(idOrName).filter(n -> usableBy(n, projects))
                .orElseThrow(() -> new NetworkNotFound("no network " + idOrName));
    }

    private static boolean usableBy(Network n, Set<String> projects) {
        return projects == null || n.project() == null || projects.contains(n.project());
    }

    /**
     * Each subnet's pool size, how many addresses are held, and which of them VMs of
     * {@code projects} (null: all) hold: a shared network's other holders are counted, not named.
     */
    record SubnetUse(Subnet subnet, java.math.BigInteger size, int used, List<NetworkStore.Holder> held) {}

    List<SubnetUse> use(Network n, Set<String> projects) {
        return n.subnets().stream().map(s -> {
            List<NetworkStore.Holder> all = store.holders(s.id());
            List<NetworkStore.Holder> shown = all.stream().filter(h -> projects == null || projects.contains(h.project())).toList();
            return new SubnetUse(s, new SubnetPlan(s).poolSize(), all.size(), shown);
        }).toList();
    }

    public Optional<Network> find(String id) {
        return store.find(id);
    }

    public List<VmNic> nicsOf(String vmId) {
        return store.nicsOf(vmId);
    }

    /**
     * A VM's NICs as its host makes them. A managed network's guests ask its dnsmasq (the
     * gateway) for names unless the subnet names DNS servers.
     */
    public List<NicSpec> specsOf(String vmId) {
        List<NicSpec> out = new ArrayList<>();
        Map<String, Network> networks = new HashMap<>(); // a VM's NICs are often on one network
        for (VmNic nic : store.nicsOf(vmId)) {
            Network n = networks.computeIfAbsent(nic.networkId(), id -> store.find(id)
                    .orElseThrow(() -> new IllegalStateException("NIC on a missing network " + id)));
            NetworkSpec network = new NetworkSpec(n.name(), n.kind().wire(), n.bridge(), n.vlan(), n.kind().managed()
                    ? n.subnets().stream().filter(x -> !x.cidr().contains(":")).map(x -> new NetworkSpec.SubnetSpec(x.cidr(), x.gateway())).toList()
                    : null);
            Subnet subnet = n.subnets().stream().filter(x -> x.id().equals(nic.subnetId())).findFirst().orElse(null);
            if (subnet == null) {
                out.add(new NicSpec(nic.mac(), network, null, null, null, null));
                continue;
            }
            List<String> dns = subnet.dns().isEmpty() && n.kind().managed() && subnet.gateway() != null ? List.of(subnet.gateway()) : subnet.dns();
            out.add(new NicSpec(nic.mac(), network, nic.address(), new SubnetPlan(subnet).block().getNetworkPrefixLength(), subnet.gateway(),
                    dns.isEmpty() ? null : dns));
        }
        return out;
    }

    /**
     * Gives a VM being created its NICs, inside the transaction that inserted its row: each NIC a
     * MAC no other NIC has and, on a network with subnets, an address (the one asked for, else the
     * lowest free one of the first subnet that has one). The subnets' rows are locked
     * while addresses are chosen, and the store's unique (subnet, address) decides in the end.
     */
    public List<VmNic> allocate(Handle h, String vmId, String project, List<NicRequest> asked) {
        if (asked.size() > MAX_NICS) throw new InvalidRequest("nics may list at most " + MAX_NICS);
        List<Network> networks = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            NicRequest r = asked.get(i);
            String field = "nics[" + i + "]";
            if (r == null || r.network() == null || r.network().isEmpty()) throw new InvalidRequest(field + ".network is required");
            networks.add(store.find(h, r.network()).filter(x -> usableBy(x, Set.of(project)))
                    .orElseThrow(() -> new InvalidRequest(field + ".network: no network " + r.network() + " that project " + project + " may use")));
        }
        // Subnets locked in one order (by network id) whatever the NICs' order, so two creates never wait on each other in a circle.
        Map<String, List<SubnetPlan>> subnetsOf = new TreeMap<>();
        networks.stream().map(Network::id).sorted().distinct().forEach(id ->
                subnetsOf.put(id, store.subnetsOf(h, id, true).stream().map(SubnetPlan::new).toList()));
        List<VmNic> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            NicRequest r = asked.get(i);
            String field = "nics[" + i + "]";
            Network n = networks.get(i);
            List<SubnetPlan> subnets = subnetsOf.get(n.id());
            String subnetId = null, address = null;
            if (r.address() != null && !r.address().isEmpty()) {
                if (subnets.isEmpty()) throw new InvalidRequest(field + ".address: network " + n.name() + " has no subnets to take an address from");
                var wanted = Addresses.address(r.address(), field + ".address");
                SubnetPlan s = subnets.stream().filter(p -> p.contains(wanted)).findFirst().orElseThrow(() ->
                        new InvalidRequest(field + ".address " + r.address() + " is in none of the subnets of network " + n.name()));
                address = s.claim(r.address());
                if (store.held(h, s.subnet().id()).contains(address)) throw new NetworkConflict(field + ".address " + address + " is in use");
                subnetId = s.subnet().id();
            } else if (!subnets.isEmpty()) {
                for (SubnetPlan s : subnets) {
                    Optional<String> free = s.pick(store.held(h, s.subnet().id()));
                    if (free.isPresent()) {
                        subnetId = s.subnet().id();
                        address = free.get();
                        break;
                    }
                }
                if (address == null) {
                    throw new NetworkConflict(field + ": no address is free in network " + n.name() + " (every address of its pools is held)");
                }
            }
            VmNic nic = new VmNic(vmId, i, n.id(), freeMac(h), subnetId, address);
            store.insertNic(h, nic);
            out.add(nic);
        }
        return out;
    }

    /** A locally administered MAC in QEMU's 52:54:00 range that no NIC has. */
    private String freeMac(Handle h) {
        for (int tries = 0; tries < 32; tries++) {
            byte[] tail = new byte[3];
            random.nextBytes(tail);
            String mac = "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(tail);
            if (!store.macTaken(h, mac)) return mac;
        }
        throw new NetworkConflict("no free MAC address found in 32 tries");
    }
}
