package io.drover.bench.create;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The floor: the work of one Drover create done by hand, as an operator with a shell would —
 * {@code qemu-img create} of the overlay on the same cached base, {@code genisoimage} of a seed
 * with the same meta-data and user-data, and {@code virsh create} of the domain XML Drover
 * produced ({@code virsh dumpxml --inactive} of a Drover-made domain) with its name, UUID and
 * file paths rewritten through the DOM. Timed from just before qemu-img until libvirt reports
 * the domain started.
 */
final class CreateFloor {
    private final Path base;
    private final String template;
    private final Path root;
    private final Path work;

    /** What one floor create took, in nanoseconds from its start. */
    record Result(String uuid, long qemuImgNs, long seedNs, long virshReturnedNs, long startedNs) {}

    /**
     * @param template the inactive domain XML of a VM Drover created on this host
     * @param root where each floor VM gets a directory (it must be reachable by QEMU's user)
     * @param work the benchmark's work dir, up to which parent directories are opened to QEMU
     */
    CreateFloor(Path base, String template, Path root, Path work) {
        this.base = base;
        this.template = template;
        this.root = root;
        this.work = work;
    }

    /**
     * One floor create. {@code viaApi}: instead of {@code virsh create} (a new process and a new
     * libvirt connection each time, as a shell user has it), {@code virDomainCreateXML} on the
     * benchmark's long-lived connection, as the agent has it: the tightest floor there is.
     */
    Result create(String uuid, String name, CreateEvents events, boolean viaApi) throws Exception {
        Path dir = root.resolve(uuid);
        Path disk = dir.resolve("disk.qcow2");
        Path seed = dir.resolve("seed.iso");
        Path seedWork = dir.resolve("seed");
        String xml = rewrite(template, name, uuid, disk, seed, dir.resolve("console.log"));
        String metaData = metaData(uuid, name);

        long t0 = System.nanoTime();
        Files.createDirectories(seedWork);
        CreateFiles.openToQemu(dir, work);
        CreateFiles.runOk(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", disk.toString(), "1G"), null, 60);
        CreateFiles.makeReadable(disk);
        long t1 = System.nanoTime();
        Files.writeString(seedWork.resolve("meta-data"), metaData, StandardCharsets.UTF_8);
        Files.writeString(seedWork.resolve("user-data"), CreateFiles.USER_DATA, StandardCharsets.UTF_8);
        CreateFiles.runOk(List.of("genisoimage", "-quiet", "-output", seed.toString(), "-volid", "cidata", "-joliet", "-rock",
                "user-data", "meta-data"), seedWork, 60);
        CreateFiles.makeReadable(seed);
        long t2 = System.nanoTime();
        Path xmlFile = Files.writeString(dir.resolve("domain.xml"), xml, StandardCharsets.UTF_8);
        if (viaApi) {
            events.createTransient(Files.readString(xmlFile));
        } else {
            CreateFiles.Ran created = CreateFiles.virsh("create", xmlFile.toString());
            if (!created.ok()) throw new IllegalStateException("virsh create of the floor domain failed: " + created.output().strip());
        }
        long t3 = System.nanoTime();
        CreateEvents.Started started = events.startedWithin(uuid, 10_000);
        if (started == null) throw new CreateEvents.Lost("floor domain " + uuid + " was created but its STARTED event never arrived");
        long t4 = started.nanos();
        return new Result(uuid, t1 - t0, t2 - t1, t3 - t0, t4 - t0);
    }

    /** virsh destroy (the domain is transient, so it is gone then) and its files removed. */
    void destroy(String uuid) throws Exception {
        CreateFiles.virsh("destroy", uuid);
        CreateFiles.deleteTree(root.resolve(uuid));
    }

    /** meta-data as the agent writes it: pretty-printed JSON, one field per line. */
    static String metaData(String uuid, String name) throws Exception {
        ObjectNode meta = CreateFleet.JSON.createObjectNode().put("instance-id", uuid).put("local-hostname", name);
        meta.set("public-keys", CreateFleet.JSON.createArrayNode().add(CreateFiles.SSH_KEY));
        return CreateFleet.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n";
    }

    /**
     * Drover's domain XML for another domain: new name and UUID, the overlay on vda, the seed on
     * vdb, a console log of its own; Drover's {@code <metadata>} goes (this domain is not
     * Drover's, and the server must see it as foreign), and so do what libvirt generated for the
     * original that must not be shared (the NIC's MAC, a channel socket path).
     */
    static String rewrite(String xml, String name, String uuid, Path disk, Path seed, Path consoleLog) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element domain = doc.getDocumentElement();
        domain.removeAttribute("id");
        only(domain, "name").setTextContent(name);
        only(domain, "uuid").setTextContent(uuid);
        for (Element meta : children(domain, "metadata")) domain.removeChild(meta);
        Element devices = only(domain, "devices");
        int disks = 0;
        for (Element d : children(devices, "disk")) {
            String dev = only(d, "target").getAttribute("dev");
            Element source = only(d, "source");
            switch (dev) {
                case "vda" -> source.setAttribute("file", disk.toString());
                case "vdb" -> source.setAttribute("file", seed.toString());
                default -> throw new IllegalStateException("unexpected disk " + dev + " in Drover's XML");
            }
            disks++;
        }
        if (disks != 2) throw new IllegalStateException("Drover's XML has " + disks + " disks, expected vda and vdb");
        for (String tag : List.of("serial", "console")) {
            for (Element e : children(devices, tag)) {
                for (Element s : children(e, "source")) s.setAttribute("path", consoleLog.toString());
            }
        }
        for (Element nic : children(devices, "interface")) {
            for (Element mac : children(nic, "mac")) nic.removeChild(mac);
        }
        for (Element channel : children(devices, "channel")) {
            for (Element s : children(channel, "source")) s.removeAttribute("path");
        }
        Transformer t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && tag.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())
                    && (e.getNamespaceURI() == null)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element only(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        if (found.size() != 1) throw new IllegalStateException("expected one <" + tag + "> in <" + parent.getTagName() + ">, found " + found.size());
        return found.get(0);
    }
}
