package io.drover.agent.networks;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.link.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkXmlTest {
    private static final NetworkSpec LAB = new NetworkSpec("lab", NetworkSpec.NAT, null, null,
            List.of(new NetworkSpec.SubnetSpec("10.20.0.0/24", "10.20.0.1")));

    @Test
    void aNatNetworkHasItsBridgeItsAddressAndDhcpWithoutARange() {
        String xml = NetworkXml.network(LAB);
        assertThat(xml).contains("<name>drover-lab</name>", "<forward mode=\"nat\"/>", "<ip address=\"10.20.0.1\" prefix=\"24\">", "<dhcp/>",
                "name=\"lab.drover\"", "localOnly=\"yes\"");
        assertThat(xml).doesNotContain("<range");
        assertThat(HostNetworks.bridgeName("lab")).hasSize(15).startsWith("dv").isEqualTo(HostNetworks.bridgeName("lab"));
        assertThat(NetworkXml.network(new NetworkSpec("iso", NetworkSpec.ISOLATED, null, null, LAB.subnets()))).doesNotContain("<forward");
        assertThat(NetworkXml.network(new NetworkSpec("rt", NetworkSpec.ROUTED, null, null, LAB.subnets()))).contains("<forward mode=\"route\"/>");
    }

    @Test
    void entriesAreEscapedAttributes() {
        assertThat(NetworkXml.dhcpHost("52:54:00:00:00:01", "10.20.0.10", "web-1").strip())
                .isEqualTo("<host ip=\"10.20.0.10\" mac=\"52:54:00:00:00:01\" name=\"web-1\"/>");
        assertThat(NetworkXml.dnsHost("10.20.0.10", "a<b")).contains("<hostname>a&lt;b</hostname>");
    }

    @Test
    void theNicsOnDroverNetworksAreReadFromADomain() {
        String domain = """
                <domain><devices>
                  <interface type='network'><mac address='52:54:00:00:00:01'/><source network='drover-lab'/></interface>
                  <interface type='network'><mac address='52:54:00:00:00:02'/><source network='default'/></interface>
                  <interface type='user'><mac address='52:54:00:00:00:03'/></interface>
                </devices></domain>""";
        assertThat(HostNetworks.attachments(domain)).containsExactly(new HostNetworks.Attachment("drover-lab", "52:54:00:00:00:01"));
        assertThat(HostNetworks.attachments("<not xml")).isEmpty();
    }

    @Test
    void aHostNetworkWithOtherAddressesIsNotTakenForDrovers() {
        assertThat(HostNetworks.mismatch(NetworkXml.network(LAB), LAB)).isNull();
        NetworkSpec moved = new NetworkSpec("lab", NetworkSpec.NAT, null, null, List.of(new NetworkSpec.SubnetSpec("10.30.0.0/24", "10.30.0.1")));
        assertThat(HostNetworks.mismatch(NetworkXml.network(LAB), moved)).contains("has 10.20.0.1/24, not 10.30.0.1/24");
    }
}
