package io.drover.agent.vms;

import static io.drover.agent.libvirt.LibvirtXml.child;
import static io.drover.agent.libvirt.LibvirtXml.newDocument;
import static io.drover.agent.libvirt.LibvirtXml.serialize;
import static io.drover.agent.libvirt.LibvirtXml.text;

import io.drover.agent.libvirt.LibvirtXml;
import io.drover.agent.networks.HostNetworks;
import io.drover.protocol.link.NetworkSpec;
import io.drover.protocol.link.NicSpec;
import io.drover.protocol.link.VmSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The libvirt domain XML of a Drover VM, built with the JDK's DOM so that every value from the
 * server is text or an attribute value, escaped by the serializer, never markup.
 *
 * <p>Devices: the qcow2 overlay as virtio {@code vda}; the NoCloud seed ISO as a read-only virtio
 * {@code vdb} (not a SATA cdrom: small guest kernels lack AHCI, and cloud-init finds the seed by
 * its {@code cidata} label on any block device); an {@code iso} image goes in as a SATA cdrom next
 * to a blank {@code vda}. One NIC per {@link NicSpec} (user-mode when there are none), a serial port on a pseudo-terminal whose
 * output is appended to the console log (see {@link ConsoleLogs}), VNC on a unix socket, and a
 * qemu-guest-agent channel.
 */
public final class DomainXml {
    /** The namespace of Drover's {@code <metadata>} element. */
    public static final String NAMESPACE = "https://drover.io/xmlns/libvirt/vm/1";
    public static final String GUEST_AGENT_CHANNEL = "org.qemu.guest_agent.0";

    private final Supplier<String> domainType;

    /** {@code domainType}: {@code kvm} or {@code qemu} (TCG), asked for each domain (an operator may change it). */
    public DomainXml(Supplier<String> domainType) {
        this.domainType = domainType;
    }

    /** Domains of this type only. */
    public DomainXml(String domainType) {
        this(() -> domainType);
        domainType();
    }

    /** libvirt's domain type for VMs defined now. */
    String domainType() {
        return checkedType(domainType.get());
    }

    private static String checkedType(String type) {
        if (!"kvm".equals(type) && !"qemu".equals(type)) throw new IllegalArgumentException("domain type must be kvm or qemu, got " + type);
        return type;
    }

    /**
     * One NIC: QEMU's user-mode stack, a libvirt network the agent made ({@link HostNetworks}), or
     * a bridge the host has (tagged with the VLAN when one is given).
     */
    private static void nic(Element devices, NicSpec spec) {
        NetworkSpec network = spec.network();
        Element nic = child(devices, "interface");
        switch (network.kind()) {
            case NetworkSpec.USER -> nic.setAttribute("type", "user");
            case NetworkSpec.BRIDGE -> {
                nic.setAttribute("type", "bridge");
                child(nic, "source").setAttribute("bridge", network.bridge());
                if (network.vlan() != null) child(child(nic, "vlan"), "tag").setAttribute("id", Integer.toString(network.vlan()));
            }
            default -> {
                nic.setAttribute("type", "network");
                child(nic, "source").setAttribute("network", HostNetworks.libvirtName(network.name()));
            }
        }
        if (spec.mac() != null) child(nic, "mac").setAttribute("address", spec.mac());
        child(nic, "model").setAttribute("type", "virtio");
    }

    /** The XML for {@code vm} with its files from {@code files}; the spec is checked first. */
    public String build(VmSpec vm, VmFiles files) throws InvalidVmSpec {
        SpecCheck.forCreate(vm);
        boolean iso = "iso".equals(vm.image().format());
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", domainType());
        doc.appendChild(domain);
        text(domain, "name", vm.name());
        text(domain, "uuid", vm.id());
        Element meta = child(domain, "metadata");
        Element drover = doc.createElementNS(NAMESPACE, "drover:vm");
        meta.appendChild(drover);
        Element id = doc.createElementNS(NAMESPACE, "drover:id");
        id.setTextContent(vm.id());
        drover.appendChild(id);
        Element image = doc.createElementNS(NAMESPACE, "drover:image");
        image.setTextContent(vm.image().sha256());
        drover.appendChild(image);

        text(domain, "memory", Long.toString(vm.memoryMib())).setAttribute("unit", "MiB");
        text(domain, "currentMemory", Long.toString(vm.memoryMib())).setAttribute("unit", "MiB");
        text(domain, "vcpu", Integer.toString(vm.cpus())).setAttribute("placement", "static");

        Element os = child(domain, "os");
        Element type = text(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        child(os, "boot").setAttribute("dev", "hd");
        child(os, "boot").setAttribute("dev", "cdrom");

        Element features = child(domain, "features");
        child(features, "acpi");
        child(features, "apic");

        text(domain, "on_poweroff", "destroy");
        text(domain, "on_reboot", "restart");
        text(domain, "on_crash", "destroy");

        Element devices = child(domain, "devices");
        disk(devices, "disk", "qcow2", files.disk(vm.id()), "vda", "virtio", false);
        disk(devices, "disk", "raw", files.seed(vm.id()), "vdb", "virtio", true);
        if (iso) disk(devices, "cdrom", "raw", files.image(vm.image().sha256(), "iso"), "sda", "sata", true);

        for (NicSpec spec : vm.nicsOrUser()) nic(devices, spec);

        serialPort(devices, files.consoleLog(vm.id()));

        Element channel = child(devices, "channel");
        channel.setAttribute("type", "unix");
        Element channelTarget = child(channel, "target");
        channelTarget.setAttribute("type", "virtio");
        channelTarget.setAttribute("name", GUEST_AGENT_CHANNEL);

        display(devices);
        return serialize(doc);
    }

    /**
     * {@code xml} (a domain's inactive definition) with new CPUs and memory; everything else,
     * including what libvirt filled in (MAC address, PCI slots), stays as it was.
     */
    public static String resized(String xml, int cpus, long memoryMib) throws InvalidVmSpec {
        Document doc = parse(xml);
        Element domain = doc.getDocumentElement();
        replace(domain, "vcpu", Integer.toString(cpus)).removeAttribute("current");
        replace(domain, "memory", Long.toString(memoryMib)).setAttribute("unit", "MiB");
        replace(domain, "currentMemory", Long.toString(memoryMib)).setAttribute("unit", "MiB");
        // A <cpu><topology> from elsewhere could contradict the new count; Drover never writes one.
        NodeList topologies = domain.getElementsByTagName("topology");
        for (int i = topologies.getLength() - 1; i >= 0; i--) topologies.item(i).getParentNode().removeChild(topologies.item(i));
        return serialize(doc);
    }

    /**
     * {@code xml} (a domain's inactive definition) brought up to what this agent defines now, or
     * empty when it is already: the domain type guests get now (a VM made before an operator
     * changed the host's accelerator takes the new one at its next start); a serial port and
     * console that wrote only to a file become a terminal logging to that file, appending (older
     * agents' definitions; the serial console opens only on a terminal); a VNC display on an
     * address moves to a socket. Everything else stays.
     */
    public Optional<String> mended(String xml) throws InvalidVmSpec {
        Document doc = parse(xml);
        boolean changed = false;
        String type = domainType();
        if (!type.equals(doc.getDocumentElement().getAttribute("type"))) {
            doc.getDocumentElement().setAttribute("type", type);
            changed = true;
        }
        for (String tag : new String[] {"serial", "console"}) {
            NodeList devices = doc.getElementsByTagName(tag);
            for (int i = 0; i < devices.getLength(); i++) changed |= mendSerial((Element) devices.item(i));
        }
        NodeList graphics = doc.getElementsByTagName("graphics");
        for (int i = 0; i < graphics.getLength(); i++) changed |= mendDisplay((Element) graphics.item(i));
        return changed ? Optional.of(serialize(doc)) : Optional.empty();
    }

    private static boolean mendSerial(Element device) {
        if ("file".equals(device.getAttribute("type"))) {
            Element source = firstChild(device, "source");
            if (source == null || source.getAttribute("path").isEmpty()) return false;
            device.setAttribute("type", "pty");
            device.removeChild(source);
            Element log = device.getOwnerDocument().createElement("log");
            log.setAttribute("file", source.getAttribute("path"));
            log.setAttribute("append", "on");
            device.insertBefore(log, device.getFirstChild());
            return true;
        }
        Element log = firstChild(device, "log");
        if (log == null || "on".equals(log.getAttribute("append"))) return false;
        log.setAttribute("append", "on");
        return true;
    }

    private static boolean mendDisplay(Element graphics) {
        if (!"vnc".equals(graphics.getAttribute("type"))) return false;
        Element listen = firstChild(graphics, "listen");
        if (listen != null && "socket".equals(listen.getAttribute("type"))) return false;
        for (String attribute : new String[] {"port", "autoport", "listen", "websocket", "socket"}) graphics.removeAttribute(attribute);
        while (graphics.getFirstChild() != null) graphics.removeChild(graphics.getFirstChild());
        child(graphics, "listen").setAttribute("type", "socket");
        return true;
    }

    private static Element firstChild(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) return e;
        }
        return null;
    }

    /** Parses domain XML without DTDs or external entities (it may come back from libvirt or tests). */
    public static Document parse(String xml) throws InvalidVmSpec {
        return LibvirtXml.parse(xml).orElseThrow(() -> new InvalidVmSpec("cannot read domain XML"));
    }

    private static Element replace(Element domain, String tag, String value) {
        Element e = null;
        for (Node n = domain.getFirstChild(); n != null && e == null; n = n.getNextSibling()) {
            if (n instanceof Element el && tag.equals(el.getTagName())) e = el;
        }
        if (e == null) {
            e = domain.getOwnerDocument().createElement(tag);
            domain.appendChild(e);
        }
        e.setTextContent(value);
        return e;
    }

    private static void disk(Element devices, String device, String format, Path source, String dev, String bus, boolean readOnly) {
        Element disk = child(devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", device);
        Element driver = child(disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        child(disk, "source").setAttribute("file", source.toString());
        Element target = child(disk, "target");
        target.setAttribute("dev", dev);
        target.setAttribute("bus", bus);
        if (readOnly) child(disk, "readonly");
    }

    /**
     * The first serial port, also the domain's console: a pseudo-terminal (interactive through the
     * agent's console relay, and for {@code virsh console}) whose output QEMU also appends to the
     * VM's console log, across boots ({@link ConsoleLogs} bounds it).
     */
    private static void serialPort(Element devices, Path log) {
        for (String tag : new String[] {"serial", "console"}) {
            Element device = child(devices, tag);
            device.setAttribute("type", "pty");
            Element logFile = child(device, "log");
            logFile.setAttribute("file", log.toString());
            logFile.setAttribute("append", "on");
            Element target = child(device, "target");
            if (tag.equals("console")) target.setAttribute("type", "serial");
            target.setAttribute("port", "0");
        }
    }

    /**
     * The VNC display on a unix socket libvirt makes in the domain's private directory (only root
     * and QEMU reach it): no address, loopback or not, that another user of the host could connect to.
     * The agent's console relay is the way in.
     */
    private static void display(Element devices) {
        Element vnc = child(devices, "graphics");
        vnc.setAttribute("type", "vnc");
        child(vnc, "listen").setAttribute("type", "socket");
    }
}
