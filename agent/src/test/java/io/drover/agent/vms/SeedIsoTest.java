package io.drover.agent.vms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.NetworkSpec;
import io.drover.protocol.link.NicSpec;
import io.drover.protocol.link.VmSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedIsoTest {
    @TempDir
    Path tmp;

    static final String ID = DomainXmlTest.ID;
    static final String KEY = "ssh-ed25519 AAAAC3Nza" + DomainXmlTest.HOSTILE + " user@host";

    VmSpec vm(String userData) {
        return new VmSpec(ID, "web-1", 1, 256, 1, null, List.of(KEY, "ssh-rsa AAAB second"), userData, 0);
    }

    @Test
    void metaDataIsPrettyJsonWithOneFieldPerLine() throws Exception {
        String meta = SeedIso.metaData(vm(null));
        JsonNode json = new ObjectMapper().readTree(meta);
        assertThat(json.get("instance-id").asText()).isEqualTo(ID);
        assertThat(json.get("local-hostname").asText()).isEqualTo("web-1");
        assertThat(json.get("public-keys")).hasSize(2);
        assertThat(json.get("public-keys").get(0).asText()).isEqualTo(KEY); // every hostile character intact
        List<String> lines = meta.lines().toList();
        assertThat(lines).contains("  \"instance-id\" : \"" + ID + "\",", "  \"local-hostname\" : \"web-1\",");
        // The key's newline is escaped, so no line of the document is anything but JSON structure.
        assertThat(lines).noneMatch(l -> l.startsWith("$(") || l.startsWith("`"));
        assertThat(lines.size()).isEqualTo(8);
    }

    @Test
    void userDataIsVerbatimOrAnEmptyCloudConfig() {
        assertThat(SeedIso.userData(vm(DomainXmlTest.HOSTILE))).isEqualTo(DomainXmlTest.HOSTILE);
        assertThat(SeedIso.userData(vm(null))).isEqualTo("#cloud-config\n{}\n");
    }

    @Test
    void writesAnIsoLabelledCidata() throws Exception {
        Path iso = tmp.resolve("seed.iso");
        new SeedIso().write(vm(DomainXmlTest.HOSTILE), iso);
        byte[] bytes = Files.readAllBytes(iso);
        // ISO 9660 primary volume descriptor at sector 16: the volume id starts at byte 40.
        assertThat(new String(bytes, 16 * 2048 + 40, 6, StandardCharsets.US_ASCII)).isEqualToIgnoringCase("cidata");
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(all).contains(DomainXmlTest.HOSTILE).contains("\"local-hostname\" : \"web-1\"");
        assertThat(Files.getPosixFilePermissions(iso)).isEqualTo(VmFiles.FILE);
        try (var left = Files.list(tmp)) {
            assertThat(left).containsExactly(iso); // no temp dir, no part file
        }
    }
    /** network-config v2: each NIC matched by its MAC, its pool address, the first gateway as the default route. */
    @Test
    void networkConfigGivesEachNicItsAddress() throws Exception {
        VmSpec plain = vm(null);
        assertThat(SeedIso.networkConfig(plain)).isEmpty();
        NetworkSpec lab = new NetworkSpec("lab", "nat", null, null, null);
        VmSpec two = new VmSpec(plain.id(), plain.name(), 1, 256, 1, null, null, null, 0, null, List.of(
                new NicSpec("52:54:00:00:00:01", lab, "10.20.0.10", 24, "10.20.0.1", List.of("10.20.0.1")),
                new NicSpec("52:54:00:00:00:02", lab, "10.30.0.10", 24, "10.30.0.1", null),
                new NicSpec("52:54:00:00:00:03", lab, null, null, null, null)));
        JsonNode config = new ObjectMapper().readTree(SeedIso.networkConfig(two).orElseThrow());
        assertThat(config.get("version").asInt()).isEqualTo(2);
        JsonNode nic0 = config.get("ethernets").get("nic0");
        assertThat(nic0.get("match").get("macaddress").asText()).isEqualTo("52:54:00:00:00:01");
        assertThat(nic0.get("addresses").get(0).asText()).isEqualTo("10.20.0.10/24");
        assertThat(nic0.get("routes").get(0).get("via").asText()).isEqualTo("10.20.0.1");
        assertThat(nic0.get("nameservers").get("addresses").get(0).asText()).isEqualTo("10.20.0.1");
        assertThat(config.get("ethernets").get("nic1").has("routes")).as("one default route").isFalse();
        assertThat(config.get("ethernets").get("nic2").get("dhcp4").asBoolean()).isTrue();
    }
}
