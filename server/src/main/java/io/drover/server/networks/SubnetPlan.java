package io.drover.server.networks;

import inet.ipaddr.IPAddress;
import io.drover.server.http.InvalidRequest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A subnet's rules: what a caller may ask for ({@link #check}) and which address a NIC gets
 * ({@link #pick}, {@link #claim}). Never handed out: the network's own address, the IPv4
 * broadcast address, the gateway and the excluded addresses.
 */
final class SubnetPlan {
    static final int MAX_POOLS = 16, MAX_EXCLUDED = 1024, MAX_DNS = 8;

    private final Subnet subnet;
    private final IPAddress block;

    SubnetPlan(Subnet subnet) {
        this.subnet = subnet;
        this.block = Addresses.network(subnet.cidr(), "cidr");
    }

    Subnet subnet() {
        return subnet;
    }

    IPAddress block() {
        return block;
    }

    boolean contains(IPAddress address) {
        return block.contains(address);
    }

    boolean overlaps(SubnetPlan other) {
        return block.contains(other.block.getLower()) || other.block.contains(block.getLower());
    }

    /** A subnet as asked for, checked whole: an error names the field. */
    static Subnet check(SubnetRequest r, NetworkKind kind, String id, String networkId) {
        IPAddress block = Addresses.network(r.cidr(), "cidr");
        int bits = block.getNetworkPrefixLength();
        if (block.isIPv4() && (bits < 8 || bits > 30)) throw new InvalidRequest("cidr of an IPv4 subnet must be from /8 to /30: " + r.cidr());
        if (block.isIPv6() && (bits < 48 || bits > 126)) throw new InvalidRequest("cidr of an IPv6 subnet must be from /48 to /126: " + r.cidr());
        String cidr = Addresses.cidr(block);
        String gateway = null;
        if (r.gateway() != null) {
            IPAddress g = inside(block, Addresses.address(r.gateway(), "gateway"), "gateway", cidr);
            if (reserved(block, g)) throw new InvalidRequest("gateway " + r.gateway() + " is the network or broadcast address of " + cidr);
            gateway = Addresses.text(g);
        } else if (kind.managed()) {
            throw new InvalidRequest("gateway is required on a " + kind.wire() + " network: it is the host's address on the network's bridge");
        }
        List<String> dns = new ArrayList<>();
        List<String> askedDns = r.dns() == null ? List.of() : r.dns();
        if (askedDns.size() > MAX_DNS) throw new InvalidRequest("dns may name at most " + MAX_DNS + " servers");
        for (int i = 0; i < askedDns.size(); i++) dns.add(Addresses.text(Addresses.address(askedDns.get(i), "dns[" + i + "]")));

        List<Subnet.Pool> pools = new ArrayList<>();
        List<SubnetRequest.PoolRequest> asked = r.pools() == null ? List.of() : r.pools();
        if (asked.size() > MAX_POOLS) throw new InvalidRequest("pools may list at most " + MAX_POOLS + " ranges");
        List<IPAddress[]> ranges = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            SubnetRequest.PoolRequest p = asked.get(i);
            if (p == null) throw new InvalidRequest("pools[" + i + "] is empty");
            IPAddress first = inside(block, Addresses.address(p.first(), "pools[" + i + "].first"), "pools[" + i + "].first", cidr);
            IPAddress last = inside(block, Addresses.address(p.last(), "pools[" + i + "].last"), "pools[" + i + "].last", cidr);
            if (first.compareTo(last) > 0) throw new InvalidRequest("pools[" + i + "] ends (" + p.last() + ") before it starts (" + p.first() + ")");
            for (IPAddress[] other : ranges) {
                if (first.compareTo(other[1]) <= 0 && other[0].compareTo(last) <= 0) {
                    throw new InvalidRequest("pools[" + i + "] overlaps another pool of the subnet");
                }
            }
            ranges.add(new IPAddress[] {first, last});
            pools.add(new Subnet.Pool(Addresses.text(first), Addresses.text(last)));
        }
        if (pools.isEmpty()) { // the whole subnet
            pools.add(new Subnet.Pool(Addresses.text(block.getLower().increment(1)),
                    Addresses.text(block.isIPv4() ? block.getUpper().increment(-1) : block.getUpper())));
        }
        List<String> excluded = new ArrayList<>();
        List<String> askedExcluded = r.excluded() == null ? List.of() : r.excluded();
        if (askedExcluded.size() > MAX_EXCLUDED) throw new InvalidRequest("excluded may list at most " + MAX_EXCLUDED + " addresses");
        for (int i = 0; i < askedExcluded.size(); i++) {
            excluded.add(Addresses.text(inside(block, Addresses.address(askedExcluded.get(i), "excluded[" + i + "]"), "excluded[" + i + "]", cidr)));
        }
        return new Subnet(id, networkId, cidr, gateway, List.copyOf(dns), List.copyOf(pools), List.copyOf(excluded));
    }

    private static IPAddress inside(IPAddress block, IPAddress a, String what, String cidr) {
        if (a.getIPVersion() != block.getIPVersion() || !block.contains(a)) {
            throw new InvalidRequest(what + " " + Addresses.text(a) + " is outside the subnet " + cidr);
        }
        return a;
    }

    private static boolean reserved(IPAddress block, IPAddress a) {
        IPAddress plain = a.withoutPrefixLength();
        return plain.equals(block.getLower().withoutPrefixLength())
                || (block.isIPv4() && plain.equals(block.getUpper().withoutPrefixLength()));
    }

    /** Whether this address may never be handed out. */
    private boolean withheld(IPAddress a) {
        String text = Addresses.text(a);
        return reserved(block, a) || text.equals(subnet.gateway()) || subnet.excluded().contains(text);
    }

    /** The lowest free address of the pools, in pool order; empty when every one is held. */
    Optional<String> pick(Set<String> held) {
        for (Subnet.Pool pool : subnet.pools()) {
            Iterator<? extends IPAddress> it = first(pool).spanWithRange(last(pool)).iterator();
            // Bounded: each address skipped is held, withheld or excluded, so at most held + excluded + 3 steps before a free one.
            while (it.hasNext()) {
                IPAddress a = it.next();
                String text = Addresses.text(a);
                if (!withheld(a) && !held.contains(text)) return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** How many addresses the pools can hand out (IPv6 pools can be far larger than a long). */
    BigInteger poolSize() {
        BigInteger n = BigInteger.ZERO;
        for (Subnet.Pool pool : subnet.pools()) n = n.add(first(pool).spanWithRange(last(pool)).getCount());
        Set<String> withheld = new HashSet<>(subnet.excluded());
        if (subnet.gateway() != null) withheld.add(subnet.gateway());
        withheld.add(Addresses.text(block.getLower()));
        if (block.isIPv4()) withheld.add(Addresses.text(block.getUpper()));
        for (String w : withheld) {
            IPAddress a = Addresses.address(w, "address");
            if (subnet.pools().stream().anyMatch(p -> first(p).compareTo(a) <= 0 && a.compareTo(last(p)) <= 0)) n = n.subtract(BigInteger.ONE);
        }
        return n.max(BigInteger.ZERO);
    }

    private static IPAddress first(Subnet.Pool pool) {
        return Addresses.address(pool.first(), "first");
    }

    private static IPAddress last(Subnet.Pool pool) {
        return Addresses.address(pool.last(), "last");
    }

    /**
     * A requested address, if it may be handed out: inside the subnet (not necessarily in a
     * pool: a fixed address is often kept outside the DHCP range), not withheld; whether another
     * NIC holds it is for the caller (the store's unique constraint decides in the end).
     */
    String claim(String requested) {
        IPAddress a = inside(block, Addresses.address(requested, "address"), "address", subnet.cidr());
        if (reserved(block, a)) throw new InvalidRequest("address " + requested + " is the network or broadcast address of " + subnet.cidr());
        if (Addresses.text(a).equals(subnet.gateway())) throw new InvalidRequest("address " + requested + " is the subnet's gateway");
        if (subnet.excluded().contains(Addresses.text(a))) throw new InvalidRequest("address " + requested + " is excluded from the subnet");
        return Addresses.text(a);
    }
}
