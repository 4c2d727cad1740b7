package io.drover.e2e.vms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.DroverServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents on this one machine (separate data dirs and listen ports, one libvirtd) are two
 * hosts to the server: spread placement puts two VMs on different hosts, a pinned VM goes where
 * it is pinned, a disabled host gets none, and neither host touches the other's domains. A third,
 * joined with a project's join token, takes that project's VMs and no others.
 */
class PlacementAcrossHostsTest {
    @TempDir
    Path tmp;
    DroverServer server;
    Fleet fleet;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(tmp);
        server = fleet.startServer(c -> c);
        fleet.registerCloudImage();
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
    }

    JsonNode create(String name, String host) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"cpus\":1,\"memory_mib\":160,\"disk_gib\":1,\"image\":\"cloud\""
                + (host == null ? "" : ",\"host\":\"" + host + "\"") + "}";
        JsonNode accepted = fleet.createVm(body);
        return fleet.awaitSucceeded(accepted, Duration.ofSeconds(120));
    }

    @Test
    void spreadPinAndDisableDecideWhereVmsGo() throws Exception {
        String one = fleet.startAgent("host-1", tmp.resolve("agent-1"), tmp.resolve("agent-1.log"));
        String two = fleet.startAgent("host-2", tmp.resolve("agent-2"), tmp.resolve("agent-2.log"));

        String first = create("spread-a", null).get("host_id").asText();
        JsonNode second = create("spread-b", null);
        assertThat(second.get("host_id").asText()).isNotEqualTo(first).isIn(one, two);
        assertThat(second.get("placement").get("strategy").asText()).isEqualTo("spread");

        assertThat(create("pinned", "host-1").get("host_id").asText()).isEqualTo(one);

        fleet.post("/api/v1/hosts/" + two + "/disable", null, 200);
        JsonNode placed = create("not-on-two", null);
        assertThat(placed.get("host_id").asText()).isEqualTo(one);
        assertThat(placed.get("placement").get("rejected").toString()).contains("host is disabled");

        // Each host sees the other's domains in the shared libvirt but neither lists nor deletes them.
        for (String vm : List.of("spread-a", "spread-b", "pinned", "not-on-two")) fleet.awaitVmStatus(vm, "running", Duration.ofSeconds(30));
        assertThat(fleet.get("/api/v1/hosts/" + one).path("foreign_domains").toString()).doesNotContain("spread-", "pinned");
        assertThat(fleet.get("/api/v1/hosts/" + one).get("vm_count").asInt()).isEqualTo(3);
        assertThat(fleet.get("/api/v1/hosts/" + two).get("vm_count").asInt()).isEqualTo(1);
        assertThat(fleet.get("/api/v1/vms?host=host-2").get("items")).hasSize(1);

        // A host that holds VMs is not removed by accident.
        assertThat(fleet.send("DELETE", "/api/v1/hosts/" + two, null, true).statusCode()).isEqualTo(409);

        // A dedicated host: with both shared hosts disabled, only the project's VM finds a place.
        fleet.post("/api/v1/projects", "{\"name\":\"shop\"}", 201);
        String three = fleet.startAgent("host-3", tmp.resolve("agent-3"), tmp.resolve("agent-3.log"), "shop");
        assertThat(fleet.get("/api/v1/hosts/" + three).get("project").asText()).isEqualTo("shop");
        fleet.post("/api/v1/hosts/" + one + "/disable", null, 200);
        JsonNode outsider = fleet.awaitTask(fleet.createVm("{\"name\":\"outsider\",\"cpus\":1,\"memory_mib\":160,\"disk_gib\":1,"
                + "\"image\":\"cloud\"}").get("task").get("id").asText(), Duration.ofSeconds(60));
        assertThat(outsider.get("status").asText()).isEqualTo("failed");
        assertThat(outsider.get("placement").get("rejected").toString()).contains("host is dedicated to another project");
        JsonNode member = fleet.awaitSucceeded(fleet.createVm("{\"name\":\"shop-1\",\"project\":\"shop\",\"cpus\":1,"
                + "\"memory_mib\":160,\"disk_gib\":1,\"image\":\"cloud\"}"), Duration.ofSeconds(120));
        assertThat(member.get("host_id").asText()).isEqualTo(three);
        fleet.awaitVmStatus("shop-1", "running", Duration.ofSeconds(30));
    }
}
