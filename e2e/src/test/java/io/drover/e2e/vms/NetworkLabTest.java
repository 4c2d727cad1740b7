package io.drover.e2e.vms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.e2e.guest.CloudImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * VMs on a real libvirt nat network, in the network lab (scripts/netlab.sh: a libvirtd inside a
 * network namespace with no way out, named by {@code DROVER_NETLAB_URI}): the agent makes the
 * network, each guest gets its pool address from the network's dnsmasq (a DHCP reservation for
 * the MAC Drover chose), the guests find each other by name in that dnsmasq and reach each other,
 * Drover shows the addresses with their source (the lease within seconds), and a deleted VM's
 * reservation, name and lease are gone, so its address serves the next VM at once.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkLabTest {
    @TempDir
    static Path dir;
    private static Fleet fleet;
    private static Path agentData;

    @BeforeAll
    static void start() throws Exception {
        String lab = System.getenv("DROVER_NETLAB_URI");
        if (lab == null || lab.isBlank()) {
            if (System.getenv("CI") != null) throw new IllegalStateException("DROVER_NETLAB_URI is not set: run the tests through scripts/test.sh");
            Assumptions.abort("DROVER_NETLAB_URI is not set (scripts/test.sh starts the lab and sets it)");
        }
        fleet = new Fleet(dir, lab);
        fleet.startServer(c -> c);
        fleet.registerCloudImage();
        agentData = dir.resolve("agent");
        String namespace = System.getenv().getOrDefault("DROVER_NETLAB_NS", "drover-lab");
        fleet.startAgent("lab-host", agentData, dir.resolve("agent.log"), null, "--libvirt-netns", namespace);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) fleet.close();
    }

    private String console(String vmId) throws Exception {
        Path log = agentData.resolve("vms").resolve(vmId).resolve("console.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Looks {@code peer} up in the network's DNS, then pings the address it got; says which on the serial console. */
    private static String find(String peer) {
        return """
                #!/bin/sh
                for i in $(seq 1 90); do
                  addr=$(nslookup PEER 2>/dev/null | sed -n 's/^Address:[ \\t]*\\([0-9.]*\\)$/\\1/p' | tail -n 1)
                  if [ -n "$addr" ] && ping -c 1 -W 2 "$addr" >/dev/null 2>&1; then echo "LAB: reached PEER at $addr"; break; fi
                  sleep 1
                done
                """.replace("PEER", peer);
    }

    @Test
    @Order(1)
    void twoGuestsOnANatNetworkGetTheirPoolAddressesAndReachEachOtherByName() throws Exception {
        fleet.post("/api/v1/networks", """
                {"name":"lab","kind":"nat","subnets":[{"cidr":"10.77.0.0/24","gateway":"10.77.0.1",
                 "pools":[{"first":"10.77.0.10","last":"10.77.0.20"}]}]}""", 201);
        String userData = Fleet.JSON.writeValueAsString(find("b"));
        JsonNode a = fleet.createVm("{\"name\":\"a\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\","
                + "\"nics\":[{\"network\":\"lab\"},{\"network\":\"lab\"}],\"user_data\":" + userData + "}");
        JsonNode b = fleet.createVm("{\"name\":\"b\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\","
                + "\"nics\":[{\"network\":\"lab\",\"address\":\"10.77.0.15\"}]}");
        fleet.awaitSucceeded(a, Duration.ofSeconds(120));
        fleet.awaitSucceeded(b, Duration.ofSeconds(120));
        String aId = a.get("vm").get("id").asText(), bId = b.get("vm").get("id").asText();

        await().atMost(Duration.ofSeconds(120)).until(() -> console(bId).contains(CloudImage.BOOT_FINISHED));
        assertThat(console(bId)).contains(CloudImage.NETWORK_UP + "10.77.0.15");
        await().atMost(Duration.ofSeconds(150)).until(() -> console(aId).contains(CloudImage.USER_DATA_RAN));
        assertThat(console(aId)).contains(CloudImage.NETWORK_UP + "10.77.0.10").contains("LAB: reached b at 10.77.0.15");

        // The agent reads a started guest's addresses every second: the lease shows without waiting for an inventory.
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.get("/api/v1/vms/b").get("ips").toString()
                .contains("{\"address\":\"10.77.0.15\",\"source\":\"lease\"}"));
        JsonNode nics = fleet.get("/api/v1/vms/a").get("nics");
        assertThat(nics.get(0).get("address").asText()).isEqualTo("10.77.0.10");
        String mac = nics.get(0).get("mac").asText();
        String network = Fleet.virshAt(fleet.libvirtUri, "net-dumpxml", "drover-lab");
        assertThat(network).contains("mac='" + mac + "'").contains("ip='10.77.0.10'").contains("<forward mode='nat'");
        // a's second NIC has its own reservation; the name goes with the first only.
        assertThat(nics.get(1).get("address").asText()).isEqualTo("10.77.0.11");
        assertThat(network).contains("mac='" + nics.get(1).get("mac").asText() + "'").contains("ip='10.77.0.11'");
        assertThat(network.split("name='a'", -1)).hasSize(2);

        // Deleting b removes its reservation and its name from the network, and dnsmasq forgets its lease:
        // the next VM given b's address gets it by DHCP at once (a kept lease would hold it for an hour).
        fleet.delete("/api/v1/vms/b", 202);
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.send("GET", "/api/v1/vms/b", null, true).statusCode() == 404);
        assertThat(Fleet.virshAt(fleet.libvirtUri, "net-dumpxml", "drover-lab")).doesNotContain("10.77.0.15");
        JsonNode c = fleet.createVm("{\"name\":\"c\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\","
                + "\"nics\":[{\"network\":\"lab\",\"address\":\"10.77.0.15\"}]}");
        fleet.awaitSucceeded(c, Duration.ofSeconds(120));
        String cId = c.get("vm").get("id").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> console(cId).contains(CloudImage.BOOT_FINISHED));
        assertThat(console(cId)).contains(CloudImage.NETWORK_UP + "10.77.0.15");
    }

    /**
     * An isolated network: its guests reach each other, and not a guest of the nat network (which
     * the test before left running at 10.77.0.10, on another bridge of the same host).
     */
    @Test
    @Order(2)
    void guestsOnAnIsolatedNetworkReachEachOtherAndNothingElse() throws Exception {
        fleet.post("/api/v1/networks", """
                {"name":"quiet","kind":"isolated","subnets":[{"cidr":"10.78.0.0/24","gateway":"10.78.0.1",
                 "pools":[{"first":"10.78.0.10","last":"10.78.0.20"}]}]}""", 201);
        String script = find("y") + """
                if ping -c 2 -W 2 10.77.0.10 >/dev/null 2>&1; then echo "LAB: reached the nat guest"; else echo "LAB: nat guest unreachable"; fi
                """;
        JsonNode x = fleet.createVm("{\"name\":\"x\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\","
                + "\"nics\":[{\"network\":\"quiet\"}],\"user_data\":" + Fleet.JSON.writeValueAsString(script) + "}");
        JsonNode y = fleet.createVm("{\"name\":\"y\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\","
                + "\"nics\":[{\"network\":\"quiet\"}]}");
        fleet.awaitSucceeded(x, Duration.ofSeconds(120));
        fleet.awaitSucceeded(y, Duration.ofSeconds(120));
        String xId = x.get("vm").get("id").asText();
        await().atMost(Duration.ofSeconds(180)).until(() -> console(xId).contains(CloudImage.USER_DATA_RAN));
        assertThat(console(xId)).contains(CloudImage.NETWORK_UP + "10.78.0.10").contains("LAB: reached y at 10.78.0.11")
                .contains("LAB: nat guest unreachable");
        assertThat(Fleet.virshAt(fleet.libvirtUri, "net-dumpxml", "drover-quiet")).doesNotContain("<forward");
    }
}
