package io.drover.agent.networks;

import static io.drover.agent.libvirt.LibvirtXml.child;
import static io.drover.agent.libvirt.LibvirtXml.newDocument;
import static io.drover.agent.libvirt.LibvirtXml.serialize;
import static io.drover.agent.libvirt.LibvirtXml.text;

import io.drover.protocol.link.NetworkSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The libvirt XML of a network Drover makes (nat, isolated, routed), and of the DHCP and DNS
 * entries it adds to one ({@link io.drover.agent.libvirt.LibvirtXml}: every value is escaped).
 *
 * <p>DHCP hands out only the addresses Drover reserved for a NIC's MAC (no dynamic range): a
 * guest gets its pool address or none, and nothing else on the bridge takes one of the pool's.
 */
final class NetworkXml {
    private NetworkXml() {}

    static String network(NetworkSpec spec) {
        Document doc = newDocument();
        Element network = doc.createElement("network");
        doc.appendChild(network);
        text(network, "name", HostNetworks.libvirtName(spec.name()));
        Element bridge = child(network, "bridge");
        bridge.setAttribute("name", HostNetworks.bridgeName(spec.name()));
        bridge.setAttribute("stp", "on");
        bridge.setAttribute("delay", "0");
        if (NetworkSpec.NAT.equals(spec.kind()) || NetworkSpec.ROUTED.equals(spec.kind())) {
            child(network, "forward").setAttribute("mode", NetworkSpec.NAT.equals(spec.kind()) ? "nat" : "route");
        }
        // Names of the network's guests resolve in its dnsmasq; nothing is forwarded upstream for this domain.
        Element domain = child(network, "domain");
        domain.setAttribute("name", spec.name() + ".drover");
        domain.setAttribute("localOnly", "yes");
        if (spec.subnets() != null) {
            for (NetworkSpec.SubnetSpec subnet : spec.subnets()) {
                String[] cidr = subnet.cidr().split("/", 2);
                Element ip = child(network, "ip");
                ip.setAttribute("address", subnet.gateway());
                ip.setAttribute("prefix", cidr[1]);
                child(ip, "dhcp");
            }
        }
        return serialize(doc);
    }

    /** A DHCP reservation: this MAC gets this address and this host name. */
    static String dhcpHost(String mac, String address, String name) {
        Document doc = newDocument();
        Element host = doc.createElement("host");
        doc.appendChild(host);
        host.setAttribute("mac", mac);
        host.setAttribute("ip", address);
        if (name != null) host.setAttribute("name", name);
        return serialize(doc);
    }

    /** A DNS record in the network's dnsmasq: name to address. */
    static String dnsHost(String address, String name) {
        Document doc = newDocument();
        Element host = doc.createElement("host");
        doc.appendChild(host);
        host.setAttribute("ip", address);
        text(host, "hostname", name);
        return serialize(doc);
    }
}
