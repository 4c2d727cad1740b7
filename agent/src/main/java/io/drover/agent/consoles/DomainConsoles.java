package io.drover.agent.consoles;

import io.drover.agent.libvirt.Domains;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.agent.vms.DomainXml;
import io.drover.agent.vms.InvalidVmSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Where a running VM's consoles are, from libvirt's live definition of its domain: the pty of its
 * first serial port, the unix socket (or, for a domain defined by an older agent, the loopback
 * port) of its VNC display. Nothing is opened that libvirt did not name, and a display listening
 * anywhere but on a socket or loopback is refused.
 */
final class DomainConsoles {
    private final Domains domains;

    DomainConsoles(Domains domains) {
        this.domains = domains;
    }

    ConsoleChannel serial(String vmId) throws ConsoleRefused {
        Element serial = first(live(vmId), "serial").orElseThrow(() -> new ConsoleRefused("the VM has no serial port"));
        String type = serial.getAttribute("type");
        if ("file".equals(type)) {
            throw new ConsoleRefused("the VM's serial port writes only to its log (defined by an older agent): "
                    + "stop and start the VM to get an interactive serial console");
        }
        String path = sourcePath(serial);
        if (!"pty".equals(type) || path == null || !Pty.PATH.matcher(path).matches()) {
            throw new ConsoleRefused("the VM's serial port is not a terminal the agent can open");
        }
        try {
            return Pty.open(path);
        } catch (IOException e) {
            throw new ConsoleRefused("cannot open the serial port: " + e.getMessage());
        }
    }

    ConsoleChannel display(String vmId) throws ConsoleRefused {
        Element vnc = null;
        NodeList graphics = live(vmId).getElementsByTagName("graphics");
        for (int i = 0; i < graphics.getLength() && vnc == null; i++) {
            Element g = (Element) graphics.item(i);
            if ("vnc".equals(g.getAttribute("type"))) vnc = g;
        }
        if (vnc == null) throw new ConsoleRefused("the VM has no display");
        try {
            String socket = vnc.getAttribute("socket");
            if (!socket.isEmpty() && Path.of(socket).isAbsolute()) return SocketConsole.unix(socket);
            String listen = vnc.getAttribute("listen");
            int port = vnc.getAttribute("port").isEmpty() ? -1 : Integer.parseInt(vnc.getAttribute("port"));
            if (port > 0 && port < 65536 && ("127.0.0.1".equals(listen) || "localhost".equals(listen))) return SocketConsole.loopback(port);
            throw new ConsoleRefused("the VM's display does not listen on a socket or on loopback; the agent opens no other");
        } catch (IOException e) {
            throw new ConsoleRefused("cannot reach the VM's display: " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new ConsoleRefused("the VM's display has no port");
        }
    }

    /** The live definition: a running domain's has the pty path and the socket libvirt chose (and an {@code id}). */
    private Document live(String vmId) throws ConsoleRefused {
        Optional<String> xml;
        try {
            xml = domains.liveXml(vmId);
        } catch (HypervisorUnavailable e) {
            throw new ConsoleRefused("libvirt is not available on the host: " + e.getMessage());
        }
        Document doc;
        try {
            doc = DomainXml.parse(xml.orElseThrow(() -> new ConsoleRefused("the VM is not on this host")));
        } catch (InvalidVmSpec e) {
            throw new ConsoleRefused("cannot read the VM's definition");
        }
        String id = doc.getDocumentElement().getAttribute("id");
        if (id.isEmpty() || id.startsWith("-")) throw new ConsoleRefused("the VM is not running");
        return doc;
    }

    private static Optional<Element> first(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? Optional.empty() : Optional.of((Element) nodes.item(0));
    }

    private static String sourcePath(Element device) {
        NodeList sources = device.getElementsByTagName("source");
        return sources.getLength() == 0 ? null : ((Element) sources.item(0)).getAttribute("path");
    }
}
