package io.drover.agent.libvirt;

import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.GuestIp;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainInterface;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * Domain actions by UUID, each one {@link Hypervisor#call} (so with its timeout), each freeing
 * the Domain it looks up. A domain that is not there is an answer ({@code absent}, empty), not an
 * error, because every Drover operation must accept "already done".
 */
public final class Domains implements DomainControl {
    /** Where guest IPs are asked for, in order, with the source name reported for each. */
    private static final int[] IP_SOURCES = {
        Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
        Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
        Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
    };
    private static final String[] IP_SOURCE_NAMES = {"agent", "lease", "arp"};

    private final Hypervisor hv;

    public Domains(Hypervisor hv) {
        this.hv = hv;
    }

    @FunctionalInterface
    private interface OnDomain<T> {
        T run(Domain d) throws LibvirtException;
    }

    /** Runs {@code action} on the domain with {@code uuid}; empty when there is no such domain. */
    private <T> Optional<T> with(String what, String uuid, OnDomain<T> action) throws HypervisorUnavailable {
        return hv.call(what + " " + uuid, c -> {
            Domain d = lookup(c, uuid);
            if (d == null) return Optional.empty();
            try {
                return Optional.ofNullable(action.run(d));
            } finally {
                d.free();
            }
        });
    }

    private static Domain lookup(Connect c, String uuid) throws LibvirtException {
        try {
            return c.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (isNoDomain(e)) return null;
            throw e;
        }
    }

    private static boolean isNoDomain(LibvirtException e) {
        return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN;
    }


    @Override
    public DomainStates.Observed status(String uuid) throws HypervisorUnavailable {
        return hv.call("reading the state of " + uuid, c -> {
            Domain d = lookup(c, uuid);
            if (d == null) return new DomainStates.Observed(DomainReport.ABSENT, null);
            try {
                return observed(c, d.getInfo().state, uuid);
            } finally {
                d.free();
            }
        });
    }

    /** {@code state} from virDomainGetInfo, with libvirt's reason where there is one and our binding can ask for it. */
    private static DomainStates.Observed observed(Connect c, DomainInfo.DomainState state, String uuid) {
        // Only a paused, stopped or crashed domain has a reason worth a second call (most domains run).
        boolean hasReason = state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED || state == DomainInfo.DomainState.VIR_DOMAIN_SHUTOFF
                || state == DomainInfo.DomainState.VIR_DOMAIN_CRASHED;
        DomainStates.Observed o = hasReason ? DomainStates.read(c, uuid) : null;
        return o != null ? o : new DomainStates.Observed(stateName(state), null);
    }


    @Override
    public void define(String xml) throws HypervisorUnavailable {
        hv.call("defining a domain", c -> c.domainDefineXML(xml).free());
    }

    @Override
    public void start(String uuid) throws HypervisorUnavailable {
        with("starting", uuid, d -> d.isActive() == 1 ? null : d.create());
    }

    @Override
    public void shutdown(String uuid) throws HypervisorUnavailable {
        with("shutting down", uuid, d -> {
            if (d.isActive() == 1) d.shutdown();
            return null;
        });
    }

    @Override
    public void destroy(String uuid) throws HypervisorUnavailable {
        with("destroying", uuid, d -> {
            if (d.isActive() == 1) d.destroy();
            return null;
        });
    }

    @Override
    public void suspend(String uuid) throws HypervisorUnavailable {
        with("suspending", uuid, d -> {
            d.suspend();
            return null;
        });
    }

    @Override
    public void resume(String uuid) throws HypervisorUnavailable {
        with("resuming", uuid, d -> {
            d.resume();
            return null;
        });
    }

    @Override
    public void undefine(String uuid) throws HypervisorUnavailable {
        with("undefining", uuid, d -> {
            d.undefine(Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA);
            return null;
        });
    }

    /** The domain's live definition (with what libvirt chose at start: pty paths, the display's socket); empty when absent. */
    public Optional<String> liveXml(String uuid) throws HypervisorUnavailable {
        return with("reading the live definition of", uuid, d -> d.getXMLDesc(0));
    }

    @Override
    public Optional<String> inactiveXml(String uuid) throws HypervisorUnavailable {
        return with("reading the definition of", uuid, d -> d.getXMLDesc(Domain.XMLFlags.INACTIVE));
    }

    /**
     * Every domain on the host, running or not: names, states and sizes in one listing call, then
     * the IPs of each domain that is not off in a call of its own (a guest agent may be slow to answer,
     * and each call has its own timeout).
     */
    public List<DomainReport> reportAll() throws HypervisorUnavailable {
        List<DomainReport> listed = hv.call("listing domains", c -> {
            List<DomainReport> out = new ArrayList<>();
            for (Domain d : c.listAllDomains(0)) {
                try {
                    out.add(toReport(c, d, d.getUUIDString(), false));
                } catch (LibvirtException e) {
                    if (!isNoDomain(e)) throw e; // else gone between listing and reading
                } finally {
                    d.free();
                }
            }
            return out;
        });
        List<DomainReport> all = new ArrayList<>(listed.size());
        for (DomainReport r : listed) {
            if (DomainReport.STOPPED.equals(r.state())) { // no IPs to ask for
                all.add(r.withIps(List.of()));
                continue;
            }
            with("reading the IPs of", r.uuid(), d -> d.isActive() == 1 ? ips(d) : List.<GuestIp>of())
                    .ifPresent(ips -> all.add(r.withIps(ips)));
        }
        return all;
    }

    @Override
    public DomainReport report(String uuid, boolean withIps) throws HypervisorUnavailable {
        return hv.call("reading " + uuid, c -> {
            Domain d = lookup(c, uuid);
            if (d == null) return absent(uuid);
            try {
                return toReport(c, d, uuid, withIps);
            } finally {
                d.free();
            }
        });
    }

    private static DomainReport toReport(Connect c, Domain d, String uuid, boolean withIps) throws LibvirtException {
        DomainInfo info = d.getInfo();
        DomainStates.Observed o = observed(c, info.state, uuid);
        return new DomainReport(uuid, d.getName(), o.state(), o.reason(), info.nrVirtCpu, info.maxMem / 1024,
                withIps ? (d.isActive() == 1 ? ips(d) : List.of()) : null);
    }

    public static DomainReport absent(String uuid) {
        return new DomainReport(uuid, null, DomainReport.ABSENT, null, null, null, null);
    }

    /**
     * The guest's addresses from every source that knows any, most trusted first:
     * qemu-guest-agent, the DHCP lease, the host's ARP table (an address seen by two sources is
     * listed for each: the lease says it was handed out, ARP that the guest uses it). A source that
     * cannot answer (no agent in the guest; user-mode networking has no lease or ARP entry) adds
     * nothing.
     */
    private static List<GuestIp> ips(Domain d) {
        List<GuestIp> out = new ArrayList<>();
        for (int i = 0; i < IP_SOURCES.length; i++) {
            Set<String> found = new LinkedHashSet<>();
            try {
                for (DomainInterface nic : d.interfaceAddresses(IP_SOURCES[i], 0)) {
                    if ("lo".equals(nic.name) || nic.addrs == null) continue;
                    for (DomainInterface.InterfaceAddress a : nic.addrs) {
                        InetAddress addr = a.address;
                        if (addr == null || addr.isLoopbackAddress() || addr.isLinkLocalAddress()) continue;
                        found.add(addr.getHostAddress());
                    }
                }
            } catch (LibvirtException | RuntimeException e) {
                continue; // this source does not know
            }
            String source = IP_SOURCE_NAMES[i];
            // IPv4 first: it is what users look for.
            found.stream().sorted((a, b) -> Boolean.compare(!isV4(a), !isV4(b))).forEach(a -> out.add(new GuestIp(a, source)));
        }
        return out;
    }

    private static boolean isV4(String address) {
        return address.indexOf(':') < 0;
    }

    /** libvirt's state as a {@link DomainReport} constant. */
    public static String stateName(DomainInfo.DomainState state) {
        if (state == null) return DomainReport.OTHER;
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainReport.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> DomainReport.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainReport.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> DomainReport.STOPPED;
            case VIR_DOMAIN_CRASHED -> DomainReport.ERROR;
            default -> DomainReport.OTHER;
        };
    }
}
