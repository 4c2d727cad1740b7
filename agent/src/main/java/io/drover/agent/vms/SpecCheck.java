package io.drover.agent.vms;

import io.drover.protocol.link.ImageRef;
import io.drover.protocol.link.NetworkSpec;
import io.drover.protocol.link.NicSpec;
import io.drover.protocol.link.VmSpec;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's own check of what the server sends. The server validates too, but the agent builds
 * file paths and libvirt XML from these values, so it trusts nothing it has not checked itself.
 */
public final class SpecCheck {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,63}");
    /** What one VM may ask for on a host; beyond this libvirt or QEMU refuse in less clear words. */
    static final int MAX_CPUS = 255;
    public static final Set<String> FORMATS = Set.of("qcow2", "raw", "iso");

    private SpecCheck() {}

    /** A VM id: a UUID in canonical lower-case form (the libvirt domain UUID and the directory name). */
    public static String vmId(String id) throws InvalidVmSpec {
        if (id == null || !UUID.matcher(id).matches()) throw new InvalidVmSpec("the VM id must be a lower-case UUID, got " + quoted(id));
        return id;
    }

    public static String sha256(String sha) throws InvalidVmSpec {
        if (sha == null || !SHA256.matcher(sha).matches()) throw new InvalidVmSpec("an image sha256 must be 64 lower-case hex digits, got " + quoted(sha));
        return sha;
    }

    public static String format(String format) throws InvalidVmSpec {
        if (format == null || !FORMATS.contains(format)) throw new InvalidVmSpec("an image format must be qcow2, raw or iso, got " + quoted(format));
        return format;
    }

    /** 1–63 letters, digits and '-': the domain name and the guest's hostname. */
    public static String name(String name) throws InvalidVmSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidVmSpec("a VM name must be 1 to 63 letters, digits and '-', got " + quoted(name));
        }
        return name;
    }

    /** What a resize needs: an id, sane CPUs and memory. */
    public static void sizes(VmSpec vm) throws InvalidVmSpec {
        if (vm.cpus() < 1 || vm.cpus() > MAX_CPUS) throw new InvalidVmSpec("cpus must be 1 to " + MAX_CPUS + ", got " + vm.cpus());
        if (vm.memoryMib() < 16) throw new InvalidVmSpec("memory_mib must be at least 16, got " + vm.memoryMib());
    }

    /** Everything a create uses. */
    public static void forCreate(VmSpec vm) throws InvalidVmSpec {
        vmId(vm.id());
        name(vm.name());
        sizes(vm);
        if (vm.diskGib() < 1) throw new InvalidVmSpec("disk_gib must be at least 1, got " + vm.diskGib());
        ImageRef image = vm.image();
        if (image == null) throw new InvalidVmSpec("a create needs an image");
        sha256(image.sha256());
        format(image.format());
        if (image.url() == null || image.url().isBlank()) throw new InvalidVmSpec("the image has no url");
        nics(vm);
    }

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern NETWORK = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F.:]{2,45}");
    private static final Pattern CIDR = Pattern.compile("[0-9a-fA-F.:]{2,45}/[0-9]{1,3}");
    static final int MAX_NICS = 8;

    /**
     * The NICs: a known kind, a MAC in lower-case colon form, a network name that is a DNS label, a
     * bridge name the kernel could have, a VLAN tag from 1 to 4094, addresses of digits, dots and
     * colons only. What each value means (is the address in the subnet) is the server's check.
     */
    public static void nics(VmSpec vm) throws InvalidVmSpec {
        if (vm.nics() == null) return;
        if (vm.nics().size() > MAX_NICS) throw new InvalidVmSpec("a VM may have at most " + MAX_NICS + " NICs, got " + vm.nics().size());
        for (NicSpec nic : vm.nics()) {
            NetworkSpec n = nic == null ? null : nic.network();
            if (n == null || n.kind() == null) throw new InvalidVmSpec("a NIC has no network");
            if (!Set.of(NetworkSpec.NAT, NetworkSpec.ISOLATED, NetworkSpec.ROUTED, NetworkSpec.BRIDGE, NetworkSpec.USER).contains(n.kind())) {
                throw new InvalidVmSpec("a network kind must be nat, isolated, routed, bridge or user, got " + quoted(n.kind()));
            }
            if (nic.mac() != null && !MAC.matcher(nic.mac()).matches()) throw new InvalidVmSpec("a MAC must be six lower-case hex pairs, got " + quoted(nic.mac()));
            if (!NetworkSpec.USER.equals(n.kind()) && nic.mac() == null) throw new InvalidVmSpec("a NIC on network " + quoted(n.name()) + " has no MAC");
            if (n.name() == null || !NETWORK.matcher(n.name()).matches()) throw new InvalidVmSpec("a network name must be a lower-case DNS label, got " + quoted(n.name()));
            if (NetworkSpec.BRIDGE.equals(n.kind()) && (n.bridge() == null || !BRIDGE.matcher(n.bridge()).matches())) {
                throw new InvalidVmSpec("a bridge name must be 1 to 15 letters, digits, '_', '.' and '-', got " + quoted(n.bridge()));
            }
            if (n.vlan() != null && (n.vlan() < 1 || n.vlan() > 4094)) throw new InvalidVmSpec("a VLAN tag must be 1 to 4094, got " + n.vlan());
            if (n.subnets() != null) {
                for (NetworkSpec.SubnetSpec s : n.subnets()) {
                    if (s == null || s.cidr() == null || !CIDR.matcher(s.cidr()).matches()) throw new InvalidVmSpec("a subnet must be in CIDR form, got " + quoted(s == null ? null : s.cidr()));
                    address(s.gateway(), "a gateway");
                }
            }
            if (nic.address() != null) address(nic.address(), "an address");
            if (nic.gateway() != null) address(nic.gateway(), "a gateway");
            if (nic.prefixLength() != null && (nic.prefixLength() < 1 || nic.prefixLength() > 128)) throw new InvalidVmSpec("a prefix length must be 1 to 128, got " + nic.prefixLength());
            if (nic.dns() != null) for (String d : nic.dns()) address(d, "a DNS server");
        }
    }

    private static void address(String a, String what) throws InvalidVmSpec {
        if (a == null || !ADDRESS.matcher(a).matches()) throw new InvalidVmSpec(what + " must be an IP address, got " + quoted(a));
    }

    /** For error messages: short, and with control characters shown rather than acted on. */
    static String quoted(String s) {
        if (s == null) return "nothing";
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder out = new StringBuilder("'");
        for (char c : shown.toCharArray()) out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
        return out.append('\'').toString();
    }
}
