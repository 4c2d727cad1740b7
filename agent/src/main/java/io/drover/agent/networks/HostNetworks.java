package io.drover.agent.networks;

import io.drover.agent.libvirt.Hypervisor;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.agent.libvirt.LibvirtXml;
import io.drover.agent.libvirt.NetworkUpdates;
import io.drover.protocol.link.NetworkSpec;
import io.drover.protocol.link.NicSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libvirt networks VMs' NICs sit on, on this host. A nat, isolated or routed network is made
 * the first time a VM here needs it ({@code drover-<name>}, bridge {@code dv<hash>}, started and
 * set to start with libvirt); each NIC on one gets a DHCP reservation (its MAC, its pool address,
 * the VM's name) and a DNS record in the network's dnsmasq, removed with the VM.
 */
public final class HostNetworks implements NicAttachments {
    private static final Logger log = LoggerFactory.getLogger(HostNetworks.class);

    /** A NIC as the host knows it from a domain's XML: the libvirt network and the MAC. */
    public record Attachment(String network, String mac) {}

    private final Hypervisor hypervisor;
    private final LeaseRelease leases;

    public HostNetworks(Hypervisor hypervisor, LeaseRelease leases) {
        this.hypervisor = hypervisor;
        this.leases = leases;
    }

    /** The libvirt network Drover makes for its network {@code name} (a checked DNS label). */
    public static String libvirtName(String name) {
        return "drover-" + name;
    }

    /** A bridge name within Linux's 15 characters, the same on every host for one network. */
    static String bridgeName(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "dv" + HexFormat.of().formatHex(digest).substring(0, 13);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every entry in the way goes first (a retried create's own, or stale ones), then each NIC's
     * reservation; a VM's name goes with its first NIC on each network only (libvirt allows one
     * entry per name), and so does its DNS record.
     */
    @Override
    public void attach(String vmName, List<NicSpec> nics) throws NetworkUnusable {
        List<NicSpec> reserved = new ArrayList<>();
        for (NicSpec nic : nics) {
            if (!managed(nic.network())) continue;
            ensure(nic.network());
            if (nic.address() != null && !nic.address().contains(":")) reserved.add(nic); // libvirt's DHCP here is IPv4's
        }
        for (NicSpec nic : reserved) remove(libvirtName(nic.network().name()), nic.mac(), nic.address(), vmName);
        Set<String> named = new HashSet<>();
        for (NicSpec nic : reserved) {
            String network = libvirtName(nic.network().name());
            boolean first = named.add(network);
            update(network, NetworkUpdates.ADD_LAST, NetworkUpdates.IP_DHCP_HOST, NetworkXml.dhcpHost(nic.mac(), nic.address(), first ? vmName : null));
            if (first) update(network, NetworkUpdates.ADD_LAST, NetworkUpdates.DNS_HOST, NetworkXml.dnsHost(nic.address(), vmName));
        }
    }

    @Override
    public void detach(String domainXml) {
        for (Attachment a : attachments(domainXml)) {
            try {
                remove(a.network(), a.mac(), null, null);
            } catch (NetworkUnusable e) {
                log.warn("could not remove the DHCP reservation of {} from {}: {}", a.mac(), a.network(), e.getMessage());
            }
        }
    }

    /** The NICs on Drover's libvirt networks in a domain's XML. */
    public static List<Attachment> attachments(String domainXml) {
        List<Attachment> out = new ArrayList<>();
        Document doc = LibvirtXml.parse(domainXml).orElse(null);
        if (doc == null) return out;
        NodeList interfaces = doc.getElementsByTagName("interface");
        for (int i = 0; i < interfaces.getLength(); i++) {
            Element nic = (Element) interfaces.item(i);
            if (!"network".equals(nic.getAttribute("type"))) continue;
            String network = first(nic, "source", "network"), mac = first(nic, "mac", "address");
            if (network != null && network.startsWith("drover-") && mac != null) out.add(new Attachment(network, mac));
        }
        return out;
    }

    private static boolean managed(NetworkSpec n) {
        return NetworkSpec.NAT.equals(n.kind()) || NetworkSpec.ISOLATED.equals(n.kind()) || NetworkSpec.ROUTED.equals(n.kind());
    }

    /**
     * The network defined, running and autostarted; made from the spec if this host has none of
     * that name. One at a time: two creates at once would both find no network and both define it.
     */
    private synchronized void ensure(NetworkSpec spec) throws NetworkUnusable {
        String name = libvirtName(spec.name());
        String problem = call("making network " + name, c -> {
            Network n;
            try {
                n = c.networkLookupByName(name);
            } catch (LibvirtException absent) {
                n = c.networkDefineXML(NetworkXml.network(spec));
                log.info("defined libvirt network {} ({}, bridge {})", name, spec.kind(), bridgeName(spec.name()));
            }
            try {
                String stale = mismatch(n.getXMLDesc(0), spec);
                if (stale != null) return stale;
                if (n.isActive() != 1) n.create();
                if (!n.getAutostart()) n.setAutostart(true);
            } finally {
                n.free();
            }
            return null;
        });
        if (problem != null) throw new NetworkUnusable(problem, null);
    }

    /**
     * Why a libvirt network of that name on this host is not the one Drover describes (another
     * subnet: left from a deleted Drover network of the same name, or made by hand), or null.
     */
    static String mismatch(String existingXml, NetworkSpec spec) {
        Document doc = LibvirtXml.parse(existingXml).orElse(null);
        if (doc == null) return null;
        List<String> has = new ArrayList<>();
        NodeList ips = doc.getElementsByTagName("ip");
        for (int i = 0; i < ips.getLength(); i++) {
            Element ip = (Element) ips.item(i);
            has.add(ip.getAttribute("address") + "/" + ip.getAttribute("prefix"));
        }
        List<String> wants = spec.subnets() == null ? List.of()
                : spec.subnets().stream().map(sn -> sn.gateway() + "/" + sn.cidr().substring(sn.cidr().indexOf('/') + 1)).toList();
        if (has.containsAll(wants)) return null;
        return "this host's libvirt network " + libvirtName(spec.name()) + " has " + (has.isEmpty() ? "no addresses" : String.join(", ", has))
                + ", not " + String.join(", ", wants) + " as Drover's network " + spec.name() + "; remove it from the host "
                + "(virsh net-destroy and net-undefine) once no guest uses it";
    }

    /**
     * Removes from a network the DHCP reservations of {@code mac} and, when given, of
     * {@code address} or {@code name}, and the DNS records of those addresses and of the name.
     * Drover hands out its pools' addresses and VM names are unique, so any other entry with this
     * address or name is stale (a VM removed while its agent was away, or by hand), and libvirt
     * would refuse the new one beside it.
     */
    private void remove(String network, String mac, String address, String name) throws NetworkUnusable {
        String xml = call("reading network " + network, c -> {
            Network n;
            try {
                n = c.networkLookupByName(network);
            } catch (LibvirtException absent) {
                return null;
            }
            try {
                return n.getXMLDesc(0);
            } finally {
                n.free();
            }
        });
        Document doc = xml == null ? null : LibvirtXml.parse(xml).orElse(null);
        if (doc == null) return;
        NodeList hosts = doc.getElementsByTagName("host");
        List<Element> dhcp = new ArrayList<>(), dns = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        if (address != null) addresses.add(address);
        for (int i = 0; i < hosts.getLength(); i++) {
            Element h = (Element) hosts.item(i);
            if (!"dhcp".equals(h.getParentNode().getNodeName())) continue;
            if (mac.equalsIgnoreCase(h.getAttribute("mac")) || h.getAttribute("ip").equals(address) || (name != null && name.equals(h.getAttribute("name")))) {
                dhcp.add(h);
                addresses.add(h.getAttribute("ip"));
            }
        }
        for (int i = 0; i < hosts.getLength(); i++) {
            Element h = (Element) hosts.item(i);
            if ("dns".equals(h.getParentNode().getNodeName()) && (addresses.contains(h.getAttribute("ip")) || (name != null && name.equals(first(h, "hostname", null))))) {
                dns.add(h);
            }
        }
        // The leases first, while dnsmasq runs undisturbed: each update below makes libvirt signal
        // it to reload, and a release that arrives during the reload is undone by it.
        String bridge = first(doc.getDocumentElement(), "bridge", "name");
        for (Element r : dhcp) {
            // Not the same NIC's own lease: the next holder of the address must get it at once, this one keeps it.
            if (bridge != null && !(r.getAttribute("mac").equalsIgnoreCase(mac) && r.getAttribute("ip").equals(address))) {
                leases.release(bridge, r.getAttribute("ip"), r.getAttribute("mac"));
            }
        }
        for (Element d : dns) update(network, NetworkUpdates.DELETE, NetworkUpdates.DNS_HOST, NetworkXml.dnsHost(d.getAttribute("ip"), first(d, "hostname", null)));
        for (Element r : dhcp) {
            update(network, NetworkUpdates.DELETE, NetworkUpdates.IP_DHCP_HOST,
                    NetworkXml.dhcpHost(r.getAttribute("mac"), r.getAttribute("ip"), r.hasAttribute("name") ? r.getAttribute("name") : null));
        }
    }

    private void update(String network, int command, int section, String xml) throws NetworkUnusable {
        call("updating network " + network, c -> {
            NetworkUpdates.update(c, network, command, section, xml);
            return null;
        });
    }

    private <T> T call(String what, Hypervisor.Call<T> call) throws NetworkUnusable {
        try {
            return hypervisor.call(what, call);
        } catch (HypervisorUnavailable e) {
            throw new NetworkUnusable(e.getMessage(), e);
        }
    }

    private static String first(Element parent, String tag, String attribute) {
        NodeList list = parent.getElementsByTagName(tag);
        if (list.getLength() == 0) return null;
        Element e = (Element) list.item(0);
        return attribute == null ? e.getTextContent() : e.hasAttribute(attribute) ? e.getAttribute(attribute) : null;
    }
}
