package io.drover.server.networks;

import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import io.drover.server.vms.VmSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks, subnets and the addresses VMs' NICs hold, once per store, without hosts: what is
 * refused before anything is stored, and that no two NICs ever hold one address, also when many
 * creates ask at once. That hosts make the networks and guests get the addresses is e2e's
 * (vms.NetworkLabTest).
 */
abstract class NetworkApiContract {
    @TempDir
    Path tmp;
    TestServer api;

    abstract TestStores store();

    @BeforeEach
    void start() throws Exception {
        api = TestServer.start(store(), tmp, c -> c.withVms(VmSettings.defaults().withDefaultImage("tiny")));
        api.addTinyImage(tmp);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    private HttpResponse<String> network(String body) {
        return api.postAsAdmin("/api/v1/networks", body);
    }

    private HttpResponse<String> vm(String name, String nics) {
        return api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + name + "\",\"cpus\":1,\"memory_mib\":128,\"disk_gib\":1,\"image\":\"tiny\",\"nics\":" + nics + "}");
    }

    private List<String> networkNames() {
        List<String> out = new ArrayList<>();
        json(api.get("/api/v1/networks")).get("items").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    @Test
    void aNetworkIsDefinedListedShownAndDeleted() {
        HttpResponse<String> made = network("""
                {"name":"lab","kind":"nat","subnets":[{"cidr":"10.20.0.0/24","gateway":"10.20.0.1",
                 "pools":[{"first":"10.20.0.10","last":"10.20.0.19"}],"excluded":["10.20.0.12"],"dns":["10.20.0.1"]}]}""");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode lab = json(made);
        assertThat(made.headers().firstValue("Location")).contains("/api/v1/networks/" + lab.get("id").asText());
        assertThat(lab.get("kind").asText()).isEqualTo("nat");
        assertThat(lab.has("project")).isFalse();
        JsonNode subnet = lab.get("subnets").get(0);
        assertThat(subnet.get("cidr").asText()).isEqualTo("10.20.0.0/24");
        assertThat(subnet.get("pools").get(0).get("first").asText()).isEqualTo("10.20.0.10");

        assertThat(json(api.get("/api/v1/networks/lab")).get("id").asText()).isEqualTo(lab.get("id").asText());
        JsonNode addresses = json(api.get("/api/v1/networks/lab/addresses")).get("subnets").get(0);
        assertThat(addresses.get("size").asInt()).isEqualTo(9); // 10 in the pool, one excluded
        assertThat(addresses.get("used").asInt()).isZero();

        // A subnet without pools hands out its whole range; an IPv6 one may be added; a bridge network with a VLAN.
        HttpResponse<String> v6 = api.postAsAdmin("/api/v1/networks/lab/subnets", "{\"cidr\":\"fd00:20::/64\",\"gateway\":\"fd00:20::1\"}");
        assertThat(v6.statusCode()).as(v6.body()).isEqualTo(201);
        assertThat(network("{\"name\":\"uplink\",\"kind\":\"bridge\",\"bridge\":\"br0\",\"vlan\":42}").statusCode()).isEqualTo(201);
        assertThat(network("{\"name\":\"plain\",\"kind\":\"user\"}").statusCode()).isEqualTo(201);
        assertThat(networkNames()).containsExactly("lab", "plain", "uplink");
        String viewer = api.userToken("vera", "viewer", "default");
        assertThat(api.as(viewer, "GET", "/api/v1/networks", null).statusCode()).isEqualTo(200);
        assertThat(api.as(viewer, "POST", "/api/v1/networks", "{\"name\":\"x\",\"kind\":\"user\"}").statusCode()).isEqualTo(403);

        assertThat(api.delete("/api/v1/networks/lab/subnets/fd00:20::%2F64", api.adminToken()).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/v1/networks/uplink", api.adminToken()).statusCode()).isEqualTo(204);
        assertThat(networkNames()).containsExactly("lab", "plain");
        assertThat(api.get("/api/v1/networks/uplink").statusCode()).isEqualTo(404);
    }

    @Test
    void badNetworksAreRefusedWholeAndNothingIsStored() {
        assertThat(network("{\"name\":\"lab\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.20.0.0/24\",\"gateway\":\"10.20.0.1\"}]}").statusCode())
                .isEqualTo(201);
        assertProblem(network("{\"name\":\"other\",\"kind\":\"isolated\",\"subnets\":[{\"cidr\":\"10.20.0.128/25\",\"gateway\":\"10.20.0.129\"}]}"),
                409, "subnet 10.20.0.128/25 overlaps 10.20.0.0/24");
        assertProblem(network("{\"name\":\"lab\",\"kind\":\"user\"}"), 409, "a network named lab exists");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.30.0.0/24\",\"gateway\":\"10.31.0.1\"}]}"),
                400, "gateway 10.31.0.1 is outside the subnet 10.30.0.0/24");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.30.0.0/24\",\"gateway\":\"10.30.0.1\","
                + "\"pools\":[{\"first\":\"10.30.0.10\",\"last\":\"10.30.1.20\"}]}]}"), 400, "pools[0].last 10.30.1.20 is outside the subnet 10.30.0.0/24");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.30.0.0/24\",\"gateway\":\"10.30.0.1\","
                + "\"pools\":[{\"first\":\"10.30.0.50\",\"last\":\"10.30.0.20\"}]}]}"), 400, "pools[0] ends (10.30.0.20) before it starts (10.30.0.50)");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.30.0.5/24\",\"gateway\":\"10.30.0.1\"}]}"),
                400, "has host bits set; its network is 10.30.0.0/24");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.30.0.0/24\"}]}"), 400, "gateway is required on a nat network");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\"}"), 400, "needs an IPv4 subnet");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"bridge\",\"bridge\":\"br0\",\"vlan\":4095}"), 400, "vlan must be from 1 to 4094");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"bridge\",\"bridge\":\"br0;reboot\"}"), 400, "bridge must name the host's bridge");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"bridge\"}"), 400, "bridge must name the host's bridge");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"vlan\":5,\"subnets\":[{\"cidr\":\"10.30.0.0/24\",\"gateway\":\"10.30.0.1\"}]}"),
                400, "vlan is only for a bridge network");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"vxlan\"}"), 400, "kind must be one of nat, isolated, routed, bridge, user");
        assertProblem(network("{\"name\":\"../etc\",\"kind\":\"user\"}"), 400, "name must be 1-40 characters");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.30.0.0/24\",\"gateway\":\"example.org\"}]}"),
                400, "gateway is not an IP address");
        assertProblem(network("{\"name\":\"g\",\"kind\":\"user\",\"project\":\"nope\"}"), 404, "no project nope");
        assertProblem(api.postAsAdmin("/api/v1/networks/lab/subnets", "{\"cidr\":\"10.20.0.0/16\",\"gateway\":\"10.20.0.1\"}"), 409, "overlaps");
        assertThat(networkNames()).containsExactly("lab");
        assertThat(json(api.get("/api/v1/networks/lab")).get("subnets")).hasSize(1);
    }

    @Test
    void aVmsNicsHoldTheirAddressesUntilItIsDeleted() {
        assertThat(network("{\"name\":\"lab\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.20.0.0/24\",\"gateway\":\"10.20.0.1\","
                + "\"pools\":[{\"first\":\"10.20.0.10\",\"last\":\"10.20.0.12\"}]}]}").statusCode()).isEqualTo(201);
        HttpResponse<String> a = vm("a", "[{\"network\":\"lab\"},{\"network\":\"lab\",\"address\":\"10.20.0.200\"}]");
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        JsonNode nics = json(api.get("/api/v1/vms/a")).get("nics");
        assertThat(nics).hasSize(2);
        assertThat(nics.get(0).get("address").asText()).isEqualTo("10.20.0.10");
        assertThat(nics.get(1).get("address").asText()).isEqualTo("10.20.0.200"); // asked for, outside the pool, inside the subnet
        assertThat(nics.get(0).get("mac").asText()).matches("52:54:00(:[0-9a-f]{2}){3}").isNotEqualTo(nics.get(1).get("mac").asText());
        assertThat(nics.get(0).get("network").asText()).isEqualTo("lab");

        assertProblem(vm("b", "[{\"network\":\"lab\",\"address\":\"10.20.0.200\"}]"), 409, "nics[0].address 10.20.0.200 is in use");
        assertProblem(vm("b", "[{\"network\":\"lab\",\"address\":\"10.20.0.1\"}]"), 400, "is the subnet's gateway");
        assertProblem(vm("b", "[{\"network\":\"lab\",\"address\":\"10.99.0.1\"}]"), 400, "is in none of the subnets of network lab");
        assertProblem(vm("b", "[{\"network\":\"nowhere\"}]"), 400, "nics[0].network: no network nowhere");
        assertThat(api.get("/api/v1/vms/b").statusCode()).as("a refused create leaves no VM").isEqualTo(404);

        assertThat(vm("b", "[{\"network\":\"lab\"}]").statusCode()).isEqualTo(202); // .11
        assertThat(vm("c", "[{\"network\":\"lab\"}]").statusCode()).isEqualTo(202); // .12
        assertProblem(vm("d", "[{\"network\":\"lab\"}]"), 409, "no address is free in network lab");
        assertThat(json(api.get("/api/v1/networks/lab/addresses")).get("subnets").get(0).get("used").asInt()).isEqualTo(4);

        assertProblem(api.delete("/api/v1/networks/lab", api.adminToken()), 409, "has 4 NICs on it");
        assertThat(api.delete("/api/v1/vms/a", api.adminToken()).statusCode()).isIn(202, 204);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api.get("/api/v1/vms/a").statusCode() == 404);
        HttpResponse<String> again = vm("d", "[{\"network\":\"lab\"}]");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(json(api.get("/api/v1/vms/d")).get("nics").get(0).get("address").asText()).isEqualTo("10.20.0.10");
    }

    /** A project's network is its own: other projects neither see it nor put NICs on it. */
    @Test
    void aProjectsNetworkIsForItsVmsOnly() {
        api.createProject("red");
        api.createProject("blue");
        assertThat(network("{\"name\":\"red-net\",\"kind\":\"isolated\",\"project\":\"red\",\"subnets\":[{\"cidr\":\"10.40.0.0/24\",\"gateway\":\"10.40.0.1\"}]}")
                .statusCode()).isEqualTo(201);
        String blue = api.userToken("bob", "operator", "blue");
        String red = api.userToken("rita", "operator", "red");
        assertThat(api.as(blue, "GET", "/api/v1/networks/red-net", null).statusCode()).isEqualTo(404);
        assertThat(json(api.as(blue, "GET", "/api/v1/networks", null)).get("items")).isEmpty();
        assertThat(api.as(blue, "GET", "/api/v1/networks/red-net/addresses", null).statusCode()).isEqualTo(404);
        // Even an admin cannot put a blue VM on red's network.
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"b1\",\"project\":\"blue\",\"cpus\":1,\"memory_mib\":128,\"disk_gib\":1,"
                + "\"image\":\"tiny\",\"nics\":[{\"network\":\"red-net\"}]}"), 400, "no network red-net that project blue may use");
        HttpResponse<String> r1 = api.postAsAdmin("/api/v1/vms", "{\"name\":\"r1\",\"project\":\"red\",\"cpus\":1,\"memory_mib\":128,\"disk_gib\":1,"
                + "\"image\":\"tiny\",\"nics\":[{\"network\":\"red-net\"}]}");
        assertThat(r1.statusCode()).as(r1.body()).isEqualTo(202);
        assertThat(json(api.as(red, "GET", "/api/v1/networks", null)).get("items")).hasSize(1);

        // On a shared network each project sees which addresses its own VMs hold, and only how many others do.
        assertThat(network("{\"name\":\"common\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.41.0.0/24\",\"gateway\":\"10.41.0.1\"}]}")
                .statusCode()).isEqualTo(201);
        for (String[] vm : new String[][] {{"r2", "red"}, {"b2", "blue"}}) {
            assertThat(api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + vm[0] + "\",\"project\":\"" + vm[1] + "\",\"cpus\":1,\"memory_mib\":128,"
                    + "\"disk_gib\":1,\"image\":\"tiny\",\"nics\":[{\"network\":\"common\"}]}").statusCode()).isEqualTo(202);
        }
        JsonNode seenByBlue = json(api.as(blue, "GET", "/api/v1/networks/common/addresses", null)).get("subnets").get(0);
        assertThat(seenByBlue.get("used").asInt()).isEqualTo(2);
        assertThat(seenByBlue.get("held")).extracting(x -> x.get("vm").asText()).containsExactly("b2");
        assertThat(json(api.get("/api/v1/networks/common/addresses")).get("subnets").get(0).get("held")).hasSize(2);

        // A project's networks go with the project (it can only be deleted once it has no VMs, so they hold no NIC).
        api.createProject("green");
        assertThat(network("{\"name\":\"green-net\",\"kind\":\"user\",\"project\":\"green\"}").statusCode()).isEqualTo(201);
        assertThat(api.delete("/api/v1/projects/green", api.adminToken()).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/networks/green-net").statusCode()).isEqualTo(404);
    }

    /** 61 creates at once on a 60-address pool: 60 distinct addresses, and one clear 409. */
    @Test
    void concurrentCreatesNeverShareAnAddress() throws Exception {
        assertThat(network("{\"name\":\"lab\",\"kind\":\"nat\",\"subnets\":[{\"cidr\":\"10.50.0.0/24\",\"gateway\":\"10.50.0.1\","
                + "\"pools\":[{\"first\":\"10.50.0.100\",\"last\":\"10.50.0.159\"}]}]}").statusCode()).isEqualTo(201);
        ExecutorService pool = Executors.newFixedThreadPool(61);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 61; i++) {
                String name = "c-" + i;
                answers.add(pool.submit(() -> vm(name, "[{\"network\":\"lab\"}]")));
            }
            int created = 0;
            List<String> refusals = new ArrayList<>();
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 202) created++;
                else refusals.add(r.statusCode() + " " + r.body());
            }
            assertThat(created).isEqualTo(60);
            assertThat(refusals).hasSize(1);
            assertThat(refusals.get(0)).startsWith("409").contains("no address is free in network lab");
        } finally {
            pool.shutdownNow();
        }
        JsonNode held = json(api.get("/api/v1/networks/lab/addresses")).get("subnets").get(0).get("held");
        Set<String> addresses = new HashSet<>();
        Set<String> macs = new HashSet<>();
        held.forEach(h -> {
            addresses.add(h.get("address").asText());
            macs.add(h.get("mac").asText());
        });
        assertThat(held).hasSize(60);
        assertThat(addresses).hasSize(60).allMatch(a -> a.startsWith("10.50.0.1"));
        assertThat(macs).hasSize(60);
    }
}
