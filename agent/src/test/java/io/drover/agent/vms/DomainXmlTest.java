package io.drover.agent.vms;

import java.util.concurrent.atomic.AtomicReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.protocol.link.ImageRef;
import io.drover.protocol.link.NetworkSpec;
import io.drover.protocol.link.NicSpec;
import io.drover.protocol.link.VmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DomainXmlTest {
    static final String ID = "0f8b5a0e-3c1d-4a5b-9e7f-112233445566";
    static final String SHA = "a".repeat(64);
    /** Everything that would mean something to XML, a shell or YAML if it were interpreted. */
    static final String HOSTILE = "x'\"<b>&amp;</b>]]><![CDATA[ $(rm -rf /) `id` ${HOME} ; | \\ \n\r\t &#x41; <!-- -->";

    static VmSpec vm(String name, String format) {
        return new VmSpec(ID, name, 2, 512, 10, new ImageRef("img-1", SHA, format, 100, 1 << 20, "/api/v1/images/img-1/content"),
                List.of(HOSTILE), HOSTILE, 5);
    }

    XPath xpath = XPathFactory.newInstance().newXPath();

    String at(Document d, String path) throws Exception {
        return (String) xpath.evaluate(path, d, XPathConstants.STRING);
    }

    int count(Document d, String path) throws Exception {
        return ((NodeList) xpath.evaluate(path, d, XPathConstants.NODESET)).getLength();
    }

    @Test
    void hasTheVmsIdentitySizeAndDevices() throws Exception {
        VmFiles files = new VmFiles(Path.of("/var/lib/drover-agent"));
        Document d = DomainXml.parse(new DomainXml("qemu").build(vm("web-1", "qcow2"), files));
        assertThat(at(d, "/domain/@type")).isEqualTo("qemu");
        assertThat(at(d, "/domain/name")).isEqualTo("web-1");
        assertThat(at(d, "/domain/uuid")).isEqualTo(ID);
        Element meta = (Element) ((NodeList) xpath.evaluate("/domain/metadata/*", d, XPathConstants.NODESET)).item(0);
        assertThat(meta.getNamespaceURI()).isEqualTo(DomainXml.NAMESPACE);
        assertThat(meta.getElementsByTagNameNS(DomainXml.NAMESPACE, "id").item(0).getTextContent()).isEqualTo(ID);
        assertThat(at(d, "/domain/vcpu")).isEqualTo("2");
        assertThat(at(d, "/domain/memory")).isEqualTo("512");
        assertThat(at(d, "/domain/memory/@unit")).isEqualTo("MiB");
        assertThat(at(d, "/domain/os/type")).isEqualTo("hvm");
        assertThat(at(d, "/domain/os/boot[1]/@dev")).isEqualTo("hd");
        assertThat(at(d, "/domain/os/boot[2]/@dev")).isEqualTo("cdrom");
        assertThat(count(d, "/domain/features/acpi")).isEqualTo(1);
        assertThat(count(d, "/domain/features/apic")).isEqualTo(1);
        assertThat(at(d, "/domain/on_poweroff")).isEqualTo("destroy");
        assertThat(at(d, "/domain/on_reboot")).isEqualTo("restart");
        assertThat(at(d, "/domain/on_crash")).isEqualTo("destroy");

        assertThat(at(d, "//disk[target/@dev='vda']/target/@bus")).isEqualTo("virtio");
        assertThat(at(d, "//disk[target/@dev='vda']/driver/@type")).isEqualTo("qcow2");
        assertThat(at(d, "//disk[target/@dev='vda']/source/@file")).isEqualTo("/var/lib/drover-agent/vms/" + ID + "/disk.qcow2");
        assertThat(at(d, "//disk[target/@dev='vdb']/@device")).isEqualTo("disk");
        assertThat(at(d, "//disk[target/@dev='vdb']/target/@bus")).isEqualTo("virtio");
        assertThat(at(d, "//disk[target/@dev='vdb']/driver/@type")).isEqualTo("raw");
        assertThat(count(d, "//disk[target/@dev='vdb']/readonly")).isEqualTo(1);
        assertThat(at(d, "//disk[target/@dev='vdb']/source/@file")).isEqualTo("/var/lib/drover-agent/vms/" + ID + "/seed.iso");
        assertThat(count(d, "//disk[@device='cdrom']")).isZero();
        assertThat(count(d, "//disk[target/@bus='sata']")).isZero();

        // User-mode networking only: no bridge, no libvirt network.
        assertThat(count(d, "//interface")).isEqualTo(1);
        assertThat(at(d, "//interface/@type")).isEqualTo("user");
        assertThat(at(d, "//interface/model/@type")).isEqualTo("virtio");
        assertThat(count(d, "//interface/source")).isZero();

        // A terminal (interactive through the console relay, and for virsh console) whose output
        // QEMU also appends to the log: a start must not empty the earlier boots' output (ConsoleLogs bounds it).
        assertThat(at(d, "//serial/@type")).isEqualTo("pty");
        assertThat(at(d, "//serial/log/@file")).isEqualTo("/var/lib/drover-agent/vms/" + ID + "/console.log");
        assertThat(at(d, "//serial/log/@append")).isEqualTo("on");
        assertThat(at(d, "//console/@type")).isEqualTo("pty");
        assertThat(at(d, "//console/log/@append")).isEqualTo("on");
        assertThat(at(d, "//console/target/@type")).isEqualTo("serial");
        // The display listens on no address at all: a socket in libvirt's private directory for the domain.
        assertThat(at(d, "//graphics/@type")).isEqualTo("vnc");
        assertThat(at(d, "//graphics/listen/@type")).isEqualTo("socket");
        assertThat(at(d, "//graphics/@listen")).isEmpty();
        assertThat(at(d, "//graphics/@port")).isEmpty();
        assertThat(at(d, "//channel/target/@name")).isEqualTo("org.qemu.guest_agent.0");
        assertThat(at(d, "//channel/target/@type")).isEqualTo("virtio");
    }

    @Test
    void kvmHostsGetKvmDomains() throws Exception {
        Document d = DomainXml.parse(new DomainXml("kvm").build(vm("a", "raw"), new VmFiles(Path.of("/d"))));
        assertThat(at(d, "/domain/@type")).isEqualTo("kvm");
        assertThatThrownBy(() -> new DomainXml("xen")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDomainMadeBeforeTheAcceleratorChangedTakesTheNewOneAndKeepsTheRest() throws Exception {
        AtomicReference<String> type = new AtomicReference<>("kvm");
        DomainXml x = new DomainXml(type::get);
        String made = x.build(vm("a", "qcow2"), new VmFiles(Path.of("/d")));
        assertThat(x.mended(made)).as("the same accelerator: nothing to redefine").isEmpty();
        type.set("qemu");
        Document d = DomainXml.parse(x.mended(made).orElseThrow());
        assertThat(d.getDocumentElement().getAttribute("type")).isEqualTo("qemu");
        assertThat(d.getElementsByTagName("uuid").item(0).getTextContent()).isEqualTo(DomainXml.parse(made).getElementsByTagName("uuid").item(0).getTextContent());
        assertThat(d.getElementsByTagName("disk").getLength()).isEqualTo(DomainXml.parse(made).getElementsByTagName("disk").getLength());
        assertThat(x.build(vm("b", "qcow2"), new VmFiles(Path.of("/d")))).contains("type=\"qemu\"");
    }

    @Test
    void anIsoImageIsASataCdromNextToABlankDisk() throws Exception {
        Document d = DomainXml.parse(new DomainXml("qemu").build(vm("installer", "iso"), new VmFiles(Path.of("/d"))));
        assertThat(at(d, "//disk[@device='cdrom']/target/@bus")).isEqualTo("sata");
        assertThat(at(d, "//disk[@device='cdrom']/source/@file")).isEqualTo("/d/images/" + SHA + ".iso");
        assertThat(count(d, "//disk[@device='cdrom']/readonly")).isEqualTo(1);
        assertThat(at(d, "//disk[target/@dev='vda']/source/@file")).isEqualTo("/d/vms/" + ID + "/disk.qcow2");
        assertThat(at(d, "//disk[target/@dev='vdb']/source/@file")).isEqualTo("/d/vms/" + ID + "/seed.iso");
    }

    /** The data dir is operator input that does reach the XML: it must come back as the same text. */
    @Test
    void hostileTextIsEscapedNeverInterpreted() throws Exception {
        Path dir = Path.of("/srv/" + HOSTILE.replace("\n", "").replace("\r", ""));
        String xml = new DomainXml("qemu").build(vm("web-1", "qcow2"), new VmFiles(dir));
        Document d = DomainXml.parse(xml);
        String disk = at(d, "//disk[target/@dev='vda']/source/@file");
        assertThat(disk).isEqualTo(new VmFiles(dir).disk(ID).toString());
        assertThat(at(d, "//serial/log/@file")).isEqualTo(new VmFiles(dir).consoleLog(ID).toString());
        // Nothing became markup: still exactly one of each element, no CDATA, no extra <b>.
        assertThat(count(d, "//b")).isZero();
        assertThat(count(d, "//disk")).isEqualTo(2);
        assertThat(count(d, "/domain/devices/*")).isEqualTo(2 + 1 + 1 + 1 + 1 + 1);
        // user-data and SSH keys never go into the XML at all (they go to the seed ISO).
        assertThat(new DomainXml("qemu").build(vm("web-1", "qcow2"), new VmFiles(Path.of("/d")))).doesNotContain("rm -rf").doesNotContain("`id`");
    }

    @Test
    void hostileNamesAndIdsAreRefused() throws Exception {
        DomainXml x = new DomainXml("qemu");
        VmFiles files = new VmFiles(Path.of("/d"));
        List<String> bad = new ArrayList<>(List.of("", "a".repeat(64), "web_1", "web.1", "web 1", "we'b", "web\"1", "<web>", "a&b",
                "]]>", "$(id)", "`id`", "web\n1", "wéb", "../etc"));
        for (String name : bad) {
            assertThatThrownBy(() -> x.build(vm(name, "qcow2"), files)).as(name).isInstanceOf(InvalidVmSpec.class);
        }
        assertThatThrownBy(() -> x.build(vm(null, "qcow2"), files)).isInstanceOf(InvalidVmSpec.class);
        VmSpec badId = new VmSpec("../../etc", "ok", 1, 512, 1, vm("a", "qcow2").image(), null, null, 0);
        assertThatThrownBy(() -> x.build(badId, files)).isInstanceOf(InvalidVmSpec.class).hasMessageContaining("UUID");
        assertThat(x.build(vm("a".repeat(63), "qcow2"), files)).contains("a".repeat(63));
        assertThat(x.build(vm("Web-01-x", "qcow2"), files)).contains("<name>Web-01-x</name>");
    }

    @Test
    void resizeChangesOnlyCpusAndMemory() throws Exception {
        String xml = new DomainXml("qemu").build(vm("web-1", "qcow2"), new VmFiles(Path.of("/d")));
        Document d = DomainXml.parse(DomainXml.resized(xml, 4, 2048));
        assertThat(at(d, "/domain/vcpu")).isEqualTo("4");
        assertThat(at(d, "/domain/memory")).isEqualTo("2048");
        assertThat(at(d, "/domain/currentMemory")).isEqualTo("2048");
        assertThat(at(d, "/domain/uuid")).isEqualTo(ID);
        assertThat(count(d, "//disk")).isEqualTo(2);
    }

    @Test
    void anOlderDefinitionGetsATerminalThatLogsAndADisplayOnASocketAndNothingElseChanges() throws Exception {
        String current = new DomainXml("qemu").build(vm("web-1", "qcow2"), new VmFiles(Path.of("/d")));
        assertThat(new DomainXml("qemu").mended(current)).as("already as defined now").isEmpty();

        // As libvirt gives back a domain that an agent before the console relay defined.
        String older = """
                <domain type='qemu'>
                  <name>web-1</name>
                  <uuid>%s</uuid>
                  <devices>
                    <serial type='file'>
                      <source path='/d/vms/%s/console.log'/>
                      <target type='isa-serial' port='0'/>
                    </serial>
                    <console type='file'>
                      <source path='/d/vms/%s/console.log'/>
                      <target type='serial' port='0'/>
                    </console>
                    <channel type='unix'>
                      <source mode='bind' path='/run/x.sock'/>
                      <target type='virtio' name='org.qemu.guest_agent.0'/>
                    </channel>
                    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>
                      <listen type='address' address='127.0.0.1'/>
                    </graphics>
                  </devices>
                </domain>""".formatted(ID, ID, ID);
        Document d = DomainXml.parse(new DomainXml("qemu").mended(older).orElseThrow());
        for (String device : new String[] {"serial", "console"}) {
            assertThat(at(d, "//" + device + "/@type")).isEqualTo("pty");
            assertThat(count(d, "//" + device + "/source")).isZero();
            assertThat(at(d, "//" + device + "/log/@file")).isEqualTo("/d/vms/" + ID + "/console.log");
            assertThat(at(d, "//" + device + "/log/@append")).isEqualTo("on");
        }
        assertThat(at(d, "//serial/target/@type")).isEqualTo("isa-serial");
        assertThat(at(d, "//graphics/listen/@type")).isEqualTo("socket");
        assertThat(count(d, "//graphics/listen")).isEqualTo(1);
        assertThat(at(d, "//graphics/@listen")).isEmpty();
        assertThat(at(d, "//graphics/@port")).isEmpty();
        assertThat(at(d, "//channel/source/@append")).isEmpty();
        assertThat(at(d, "/domain/uuid")).isEqualTo(ID);
    }

    @Test
    void parsingRefusesDoctypesAndEntities() {
        assertThatThrownBy(() -> DomainXml.parse("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"))
                .isInstanceOf(InvalidVmSpec.class);
    }
    static VmSpec withNics(List<NicSpec> nics) {
        VmSpec v = vm("web-1", "qcow2");
        return new VmSpec(v.id(), v.name(), v.cpus(), v.memoryMib(), v.diskGib(), v.image(), v.sshKeys(), v.userData(), 5, null, nics);
    }

    /** One interface per NIC, in order: a Drover libvirt network, a host bridge with its VLAN; none listed is user-mode. */
    @Test
    void hasOneInterfacePerNic() throws Exception {
        VmFiles files = new VmFiles(Path.of("/var/lib/drover-agent"));
        Document user = DomainXml.parse(new DomainXml("qemu").build(vm("web-1", "qcow2"), files));
        assertThat(count(user, "/domain/devices/interface")).isEqualTo(1);
        assertThat(at(user, "/domain/devices/interface/@type")).isEqualTo("user");

        NicSpec lab = new NicSpec("52:54:00:aa:bb:01", new NetworkSpec("lab", NetworkSpec.NAT, null, null,
                List.of(new NetworkSpec.SubnetSpec("10.20.0.0/24", "10.20.0.1"))), "10.20.0.10", 24, "10.20.0.1", List.of("10.20.0.1"));
        NicSpec uplink = new NicSpec("52:54:00:aa:bb:02", new NetworkSpec("uplink", NetworkSpec.BRIDGE, "br0", 42, null), null, null, null, null);
        Document d = DomainXml.parse(new DomainXml("qemu").build(withNics(List.of(lab, uplink)), files));
        assertThat(count(d, "/domain/devices/interface")).isEqualTo(2);
        assertThat(at(d, "/domain/devices/interface[1]/@type")).isEqualTo("network");
        assertThat(at(d, "/domain/devices/interface[1]/source/@network")).isEqualTo("drover-lab");
        assertThat(at(d, "/domain/devices/interface[1]/mac/@address")).isEqualTo("52:54:00:aa:bb:01");
        assertThat(at(d, "/domain/devices/interface[1]/model/@type")).isEqualTo("virtio");
        assertThat(at(d, "/domain/devices/interface[2]/@type")).isEqualTo("bridge");
        assertThat(at(d, "/domain/devices/interface[2]/source/@bridge")).isEqualTo("br0");
        assertThat(at(d, "/domain/devices/interface[2]/vlan/tag/@id")).isEqualTo("42");
    }

    /** What the agent would put into XML or a path is checked again here, whatever the server sent. */
    @Test
    void refusesNicsThatCouldReachSomethingElse() {
        VmFiles files = new VmFiles(Path.of("/var/lib/drover-agent"));
        NetworkSpec nat = new NetworkSpec("lab", NetworkSpec.NAT, null, null, null);
        for (NicSpec bad : List.of(
                new NicSpec("52:54:00:aa:bb:01", new NetworkSpec("../default", NetworkSpec.NAT, null, null, null), null, null, null, null),
                new NicSpec("52:54:00:aa:bb:01", new NetworkSpec("up", NetworkSpec.BRIDGE, "br0' type='x", null, null), null, null, null, null),
                new NicSpec("52:54:00:aa:bb:01", new NetworkSpec("up", NetworkSpec.BRIDGE, "br0", 4095, null), null, null, null, null),
                new NicSpec("52:54:00:AA:bb:01\n", nat, null, null, null, null),
                new NicSpec(null, nat, null, null, null, null),
                new NicSpec("52:54:00:aa:bb:01", new NetworkSpec("lab", "direct", null, null, null), null, null, null, null),
                new NicSpec("52:54:00:aa:bb:01", nat, "10.0.0.1\nnameserver 1.1.1.1", null, null, null))) {
            assertThatThrownBy(() -> new DomainXml("qemu").build(withNics(List.of(bad)), files)).as(bad.toString()).isInstanceOf(InvalidVmSpec.class);
        }
    }
}
