package io.drover.agent.networks;

import io.drover.protocol.link.NetworkSpec;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The libvirt XML of a network Drover makes (nat, isolated, routed), and of the DHCP and DNS
 * entries it adds to one, built with the JDK's DOM: every value is an escaped attribute or text.
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

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String tag) {
        Element e = parent.getOwnerDocument().createElement(tag);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Element parent, String tag, String value) {
        Element e = child(parent, tag);
        e.setTextContent(value);
        return e;
    }

    private static String serialize(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
