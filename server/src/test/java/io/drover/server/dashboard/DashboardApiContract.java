package io.drover.server.dashboard;

import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainReport;
import io.drover.server.testing.FakeAgent;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against a real server, once per store: two hosts (one shared, one dedicated to
 * {@code shop}) joined as fake agents, VMs in two projects, a failed create, tracked machines in
 * two projects. An admin sees all of it summed; a viewer of {@code default} sees only what the
 * lists would show them.
 */
abstract class DashboardApiContract {
    @TempDir
    Path tmp;
    TestServer api;
    final List<FakeAgent> agents = new ArrayList<>();

    abstract TestStores store();

    @BeforeEach
    void start() {
        api = TestServer.start(store(), tmp, c -> c);
        api.addTinyImage(tmp);
        api.createProject("shop");
    }

    @AfterEach
    void stop() {
        agents.forEach(FakeAgent::close);
        if (api != null) api.close();
    }

    FakeAgent online(FakeAgent agent) {
        agents.add(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + agent.hostId)).get("status").asText().equals("online"));
        return agent;
    }

    /** Creates a VM and answers its create as a real agent would, running. */
    void createRunning(FakeAgent agent, String name, String project, int cpus) throws Exception {
        JsonNode accepted = json(api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + name + "\",\"project\":\"" + project + "\",\"cpus\":" + cpus
                + ",\"memory_mib\":512,\"disk_gib\":2,\"image\":\"tiny\"}"));
        JsonNode command = agent.expectCommand(AgentCommand.CREATE);
        String op = command.get("op_id").asText();
        for (String step : AgentCommand.CREATE_STEPS) agent.send(CommandProgress.of(op, step, CommandProgress.DONE, null));
        agent.send(CommandResult.ok(op, new DomainReport(command.get("vm").get("id").asText(), name, DomainReport.RUNNING, null, cpus, 512L, null)));
        String task = accepted.get("task").get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(api.get("/api/v1/tasks/" + task)).get("status").asText().equals("succeeded"));
    }

    @Test
    void eachCallerSeesTheFleetSummedAsTheirListsWouldShowIt() throws Exception {
        FakeAgent shared = online(FakeAgent.join(api, "shared-1"));
        FakeAgent dedicated = online(FakeAgent.join(api, "shop-1", "shop"));
        createRunning(shared, "web-1", "default", 2);
        createRunning(dedicated, "shop-vm", "shop", 1);
        // A create no host can take fails at placement.
        JsonNode tooBig = json(api.postAsAdmin("/api/v1/vms", "{\"name\":\"huge\",\"cpus\":200,\"memory_mib\":512,\"disk_gib\":2,\"image\":\"tiny\"}"));
        String failed = tooBig.get("task").get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(api.get("/api/v1/tasks/" + failed)).get("status").asText().equals("failed"));
        assertThat(api.register("tracked-default", "10.0.0.5").statusCode()).isEqualTo(200);
        String shopToken = json(api.postAsAdmin("/api/v1/projects/shop/registration-tokens", "{\"name\":\"t\"}")).get("token").asText();
        assertThat(api.as(shopToken, "POST", "/api/register", "{\"hostname\":\"tracked-shop\",\"ip_address\":\"10.0.0.6\"}").statusCode())
                .isEqualTo(200);

        JsonNode all = dashboard(api.adminToken());
        assertThat(all.get("hosts").get("by_status").get("online").asInt()).isEqualTo(2);
        assertThat(all.get("hosts").get("by_status").get("offline").asInt()).isZero();
        assertThat(all.get("hosts").get("capacity").get("cpus").asLong()).isEqualTo(16);
        assertThat(all.get("hosts").get("allocated").get("cpus").asLong()).isEqualTo(3);
        assertThat(all.get("hosts").get("overcommit").get("cpus").asDouble()).isEqualTo(0.19);
        assertThat(all.get("vms").get("by_status").get("running").asInt()).isEqualTo(2);
        assertThat(all.get("vms").get("by_status").get("error").asInt()).as("the failed create's VM, on no host").isEqualTo(1);
        assertThat(all.get("vms").get("total").asInt()).isEqualTo(3);
        assertThat(all.get("tasks").get("running").asInt()).isZero();
        assertThat(all.get("tasks").get("failed_last_24h").asInt()).isEqualTo(1);
        assertThat(all.get("tasks").get("latest_failures").get(0).get("id").asText()).isEqualTo(failed);
        assertThat(all.get("machines").get("online").asInt()).isEqualTo(2);
        assertThat(all.get("events")).isNotEmpty();

        String viewer = api.userToken("vera", "viewer", "default");
        JsonNode mine = dashboard(viewer);
        assertThat(mine.get("hosts").get("by_status").get("online").asInt()).as("the shared host only").isEqualTo(1);
        assertThat(mine.get("hosts").get("capacity").get("cpus").asLong()).isEqualTo(8);
        assertThat(mine.get("vms").get("by_status").get("running").asInt()).isEqualTo(1);
        assertThat(mine.get("vms").get("total").asInt()).isEqualTo(2);
        assertThat(mine.get("tasks").get("failed_last_24h").asInt()).isEqualTo(1);
        assertThat(mine.get("machines").get("online").asInt()).isEqualTo(1);
        assertThat(mine.get("events").toString()).doesNotContain("shop-vm", "tracked-shop", "\"shop\"");

        String outsider = api.userToken("otto", "viewer");
        JsonNode none = dashboard(outsider);
        assertThat(none.get("vms").get("total").asInt()).isZero();
        assertThat(none.get("tasks").get("failed_last_24h").asInt()).isZero();
        assertThat(none.get("machines").get("online").asInt()).isZero();
        assertThat(none.get("hosts").get("by_status").get("online").asInt()).as("the shared host is everyone's to read").isEqualTo(1);

        assertThat(api.getAnonymous("/api/v1/dashboard").statusCode()).isEqualTo(401);
    }

    JsonNode dashboard(String token) {
        HttpResponse<String> r = api.as(token, "GET", "/api/v1/dashboard", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }
}
