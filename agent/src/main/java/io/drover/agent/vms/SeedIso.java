package io.drover.agent.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.drover.protocol.link.NicSpec;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The NoCloud seed ISO (volume label {@code cidata}) with {@code meta-data}, {@code user-data}
 * and, for a VM with NICs on Drover's networks, {@code network-config}.
 * meta-data is pretty-printed JSON, which is YAML too, so nothing in a key or name can turn into
 * YAML structure; one field per line because small guests read it with sed. user-data goes in
 * byte for byte as the user gave it.
 */
public final class SeedIso implements SeedWriter {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two-space indent, "\n" line ends, and array items (the SSH keys) on lines of their own too. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    static final String EMPTY_USER_DATA = "#cloud-config\n{}\n";

    private final String genisoimage;

    public SeedIso() {
        this("genisoimage");
    }

    public SeedIso(String genisoimage) {
        this.genisoimage = genisoimage;
    }

    /** The meta-data document: instance-id (the VM id), local-hostname (the name) and public-keys. */
    public static String metaData(VmSpec vm) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("instance-id", vm.id());
        meta.put("local-hostname", vm.name());
        meta.put("public-keys", vm.sshKeys() == null ? List.of() : vm.sshKeys());
        try {
            return JSON.writer(PRETTY).writeValueAsString(meta) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write meta-data", e);
        }
    }

    /**
     * cloud-init's network-config (version 2, as JSON, which is YAML too) when the VM has NICs on
     * Drover's networks, else empty (cloud-init then asks DHCP on the first NIC). Each NIC is
     * matched by the MAC Drover chose and given its pool address; the first NIC with a gateway
     * carries the default route. A NIC with no address asks DHCP.
     */
    public static Optional<String> networkConfig(VmSpec vm) {
        if (vm.nics() == null || vm.nics().isEmpty()) return Optional.empty();
        Map<String, Object> ethernets = new LinkedHashMap<>();
        boolean routed = false;
        for (int i = 0; i < vm.nics().size(); i++) {
            NicSpec nic = vm.nics().get(i);
            Map<String, Object> eth = new LinkedHashMap<>();
            if (nic.mac() != null) eth.put("match", Map.of("macaddress", nic.mac()));
            if (nic.address() == null) {
                eth.put("dhcp4", true);
            } else {
                eth.put("addresses", List.of(nic.address() + "/" + nic.prefixLength()));
                if (nic.gateway() != null && !routed) {
                    eth.put("routes", List.of(Map.of("to", nic.address().contains(":") ? "::/0" : "0.0.0.0/0", "via", nic.gateway())));
                    routed = true;
                }
                if (nic.dns() != null && !nic.dns().isEmpty()) eth.put("nameservers", Map.of("addresses", nic.dns()));
            }
            ethernets.put("nic" + i, eth);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", 2);
        config.put("ethernets", ethernets);
        try {
            return Optional.of(JSON.writer(PRETTY).writeValueAsString(config) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write network-config", e);
        }
    }

    public static String userData(VmSpec vm) {
        return vm.userData() == null ? EMPTY_USER_DATA : vm.userData();
    }

    /** Writes {@code iso} for {@code vm}, through a temporary directory next to it. */
    @Override
    public void write(VmSpec vm, Path iso) throws ToolFailed, IOException {
        Path work = Files.createTempDirectory(iso.getParent(), ".seed-");
        Path tmp = iso.resolveSibling(iso.getFileName() + ".part");
        try {
            Files.writeString(work.resolve("meta-data"), metaData(vm), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("user-data"), userData(vm), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(genisoimage, "-quiet", "-output", tmp.toString(), "-volid", "cidata", "-joliet",
                    "-rock", "user-data", "meta-data"));
            Optional<String> network = networkConfig(vm);
            if (network.isPresent()) {
                Files.writeString(work.resolve("network-config"), network.get(), StandardCharsets.UTF_8);
                command.add("network-config");
            }
            Tool.run(command, work, TIMEOUT);
            VmFiles.makeReadable(tmp);
            Files.move(tmp, iso, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
            try (Stream<Path> files = Files.list(work)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        }
    }
}
