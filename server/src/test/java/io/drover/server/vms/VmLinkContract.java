package io.drover.server.vms;

import io.drover.server.http.Cursor;
import io.drover.server.testing.ApiAssertions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.HostFactsReport;
import io.drover.protocol.link.InventoryReport;
import io.drover.server.testing.FakeAgent;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of the agent protocol, message by message, with a {@link FakeAgent}: commands
 * and their answers drive tasks, reports drive observed state, a cancel reaches the host, foreign
 * and orphaned domains are told apart, and a removed host's VMs are released. (The real agent on
 * real libvirt is the e2e module's job.)
 */
abstract class VmLinkContract {
    @TempDir
    Path tmp;
    TestServer api;
    FakeAgent agent;

    abstract TestStores store();

    @BeforeEach
    void start() throws Exception {
        api = TestServer.start(store(), tmp, c -> c);
        api.addTinyImage(tmp);
        agent = FakeAgent.join(api, "fake-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + agent.hostId)).get("status").asText().equals("online"));
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
        if (api != null) api.close();
    }

    JsonNode createVm(String name) {
        return json(api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + name + "\",\"cpus\":2,\"memory_mib\":1024,\"disk_gib\":5,\"image\":\"tiny\"}"));
    }

    JsonNode awaitTask(String id, String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> json(api.get("/api/v1/tasks/" + id)).get("status").asText().equals(status));
        return json(api.get("/api/v1/tasks/" + id));
    }

    static DomainReport domain(String uuid, String name, String state) {
        return new DomainReport(uuid, name, state, null, 2, 1024L, null);
    }

    /** Answers a create like a real agent: each step's progress, then the result. */
    void completeCreate(JsonNode command) throws Exception {
        String op = command.get("op_id").asText();
        for (String step : AgentCommand.CREATE_STEPS) {
            agent.send(CommandProgress.of(op, step, CommandProgress.RUNNING, null));
            agent.send(CommandProgress.of(op, step, CommandProgress.DONE, null));
        }
        JsonNode vm = command.get("vm");
        agent.send(CommandResult.ok(op, domain(vm.get("id").asText(), vm.get("name").asText(), DomainReport.RUNNING)));
    }

    @Test
    void aCreateIsPlacedCommandedAndFinishedByTheAgentsAnswers() throws Exception {
        JsonNode accepted = createVm("web-1");
        String vmId = accepted.get("vm").get("id").asText();
        JsonNode command = agent.expectCommand(AgentCommand.CREATE);
        assertThat(command.get("vm").get("id").asText()).isEqualTo(vmId);
        assertThat(command.get("vm").get("image").get("url").asText()).startsWith("/api/v1/images/").endsWith("/content");
        assertThat(command.get("vm").get("stop_timeout_seconds").asInt()).isEqualTo(60);
        completeCreate(command);
        JsonNode task = awaitTask(accepted.get("task").get("id").asText(), "succeeded");
        assertThat(task.get("steps")).extracting(s -> s.get("status").asText()).containsOnly("done");
        assertThat(task.get("host_id").asText()).isEqualTo(agent.hostId);
        JsonNode vm = json(api.get("/api/v1/vms/web-1"));
        assertThat(vm.get("status").asText()).isEqualTo("running");
        assertThat(vm.get("host").asText()).isEqualTo("fake-1");
        JsonNode host = json(api.get("/api/v1/hosts/" + agent.hostId));
        assertThat(host.get("allocated").get("cpus").asInt()).isEqualTo(2);
        assertThat(host.get("allocated").get("memory_mib").asInt()).isEqualTo(1024);
        assertThat(host.get("capacity").get("cpus").asInt()).isEqualTo(8);
        assertThat(host.get("facts").get("cpu_model").asText()).isEqualTo("Fake CPU");

        // Observed state follows the host: an event, then a full inventory that no longer has it.
        agent.send(new DomainEvent(DomainEvent.TYPE, domain(vmId, "web-1", DomainReport.STOPPED), "STOPPED", "DESTROYED", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/web-1")).get("status").asText().equals("stopped"));
        agent.send(InventoryReport.of(List.of(domain("00000000-0000-4000-8000-000000000001", "theirs", DomainReport.RUNNING))));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/web-1")).get("status").asText().equals("error"));
        assertThat(json(api.get("/api/v1/vms/web-1")).get("observed").asText()).isEqualTo("absent");
        JsonNode foreign = json(api.get("/api/v1/hosts/" + agent.hostId)).get("foreign_domains");
        assertThat(foreign).hasSize(1);
        assertThat(foreign.get(0).get("name").asText()).isEqualTo("theirs");
        assertThat(agent.poll(Duration.ofMillis(300))).as("a foreign domain is never touched").isNull();
    }

    JsonNode createRunning(String name) throws Exception {
        JsonNode accepted = createVm(name);
        completeCreate(agent.expectCommand(AgentCommand.CREATE));
        awaitTask(accepted.get("task").get("id").asText(), "succeeded");
        return accepted.get("vm");
    }

    List<String> eventMessages(String type) {
        List<String> out = new ArrayList<>();
        json(api.get("/api/v1/events?type=" + type + "&limit=100")).get("items").forEach(e -> out.add(e.get("message").asText()));
        return out;
    }

    @Test
    void aVmThatStopsRunningByItselfIsInErrorWithTheReasonAndOnlyAForceStopIsTaken() throws Exception {
        // The host says its guests get KVM, as the agent on the new user's machine did.
        agent.send(new HostFactsReport(HostFactsReport.TYPE, "fake-1", "Fake CPU", 8, 16384, 100, 90, "9.0.0", "7.2.0", "kvm",
                "--accel auto: a probe guest reached long mode under KVM", List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> "kvm".equals(json(api.get("/api/v1/hosts/" + agent.hostId)).get("facts").get("accel").asText()));
        assertThat(json(api.get("/api/v1/hosts/" + agent.hostId)).get("facts").get("accel_reason").asText()).contains("probe guest");
        String vmId = createRunning("web-1").get("id").asText();

        // QEMU stops the guest on an emulation failure: libvirt says paused, reason unknown; the agent reports an error.
        agent.send(new DomainEvent(DomainEvent.TYPE, new DomainReport(vmId, "web-1", DomainReport.ERROR, "unknown", 2, 1024L, null),
                "SUSPENDED", "PAUSED", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/web-1")).get("status").asText().equals("error"));
        JsonNode vm = json(api.get("/api/v1/vms/web-1"));
        assertThat(vm.get("observed_reason").asText()).isEqualTo("unknown");
        assertThat(vm.get("error").asText()).contains("emulation failure").contains("force-stop it, then start it");
        assertThat(eventMessages("vm_state")).anySatisfy(m -> assertThat(m).startsWith("running -> error: QEMU stopped the guest"));

        // Every power action but force-stop says what to do instead of passing QEMU's refusal along.
        for (String action : List.of("start", "stop", "reboot", "suspend", "resume")) {
            HttpResponse<String> r = api.postAsAdmin("/api/v1/vms/web-1/" + action, "");
            assertThat(r.statusCode()).as(action).isEqualTo(409);
            assertThat(json(r).get("detail").asText()).as(action).contains("force-stop").contains("/api/v1/vms/" + vmId + "/force-stop");
        }
        assertThat(agent.poll(Duration.ofMillis(200))).as("nothing was sent to the host").isNull();

        // Its KVM host is marked once, with what to do, and the operator is told by an event.
        JsonNode host = json(api.get("/api/v1/hosts/" + agent.hostId));
        assertThat(host.get("warning").asText()).contains("web-1").contains("\"accel\":\"tcg\"");
        assertThat(eventMessages("host_warning")).singleElement().satisfies(m -> assertThat(m).contains("web-1"));
        String otherId = createRunning("web-2").get("id").asText();
        agent.send(new DomainEvent(DomainEvent.TYPE, new DomainReport(otherId, "web-2", DomainReport.ERROR, "unknown", 2, 1024L, null),
                "SUSPENDED", "PAUSED", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/web-2")).get("status").asText().equals("error"));
        assertThat(eventMessages("host_warning")).as("one warning until the operator acts").hasSize(1);

        // The force-stop goes to the host; once it reports the VM stopped, it can be started again.
        JsonNode task = json(api.postAsAdmin("/api/v1/vms/web-1/force-stop", "")).get("task");
        JsonNode command = agent.expectCommand(AgentCommand.FORCE_STOP);
        agent.send(CommandResult.ok(command.get("op_id").asText(), new DomainReport(vmId, "web-1", DomainReport.STOPPED, "destroyed", 2, 1024L, null)));
        awaitTask(task.get("id").asText(), "succeeded");
        assertThat(json(api.get("/api/v1/vms/web-1")).get("status").asText()).isEqualTo("stopped");
        assertThat(json(api.get("/api/v1/vms/web-1")).has("error")).isFalse();
        assertThat(api.postAsAdmin("/api/v1/vms/web-1/start", "").statusCode()).isEqualTo(202);
    }

    @Test
    void anOverlongStateOrReasonFromAHostIsClippedAndBreaksNothing() throws Exception {
        String vmId = createRunning("web-1").get("id").asText();
        agent.send(new DomainEvent(DomainEvent.TYPE, new DomainReport(vmId, "web-1", DomainReport.ERROR, "x".repeat(5000), 2, 1024L, null),
                "SUSPENDED", "PAUSED", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/web-1")).get("status").asText().equals("error"));
        assertThat(json(api.get("/api/v1/vms/web-1")).get("observed_reason").asText()).hasSize(32);
        agent.send(new DomainEvent(DomainEvent.TYPE, new DomainReport(vmId, "web-1", "s".repeat(100), null, 2, 1024L, null), "X", "Y", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/web-1")).get("observed").asText().equals("s".repeat(16)));
        // The events of both changes were stored (an event too long for its column would have held up every later one).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventMessages("vm_state"))
                .anySatisfy(m -> assertThat(m).startsWith("running -> error: it stopped running by itself").hasSizeLessThanOrEqualTo(1024))
                .anySatisfy(m -> assertThat(m).startsWith("error -> ssss")));
    }

    @Test
    void hostileFactsFromAnAgentAreCheckedBeforeTheyAreStoredOrShown() throws Exception {
        List<String> addresses = new ArrayList<>(List.of("<script>", "10.0.0.1; rm -rf /", "192.0.2.7", "2001:db8::1/64"));
        for (int i = 0; i < 1000; i++) addresses.add("198.51.100." + (i % 250));
        agent.send(new HostFactsReport(HostFactsReport.TYPE, "evil\u0000host\r\nX: 1", "CPU\u0000" + "x".repeat(100_000), -8,
                Long.MAX_VALUE, -1, Long.MAX_VALUE, "9.0\u0000", "7".repeat(500), "xen", "why\u0007".repeat(1000), addresses));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + agent.hostId)).get("facts").get("cpu_model")
                .asText().startsWith("CPU?x"));
        JsonNode host = json(api.get("/api/v1/hosts/" + agent.hostId));
        JsonNode facts = host.get("facts");
        assertThat(facts.get("cpu_model").asText()).hasSize(256).doesNotContain("\u0000");
        assertThat(facts.get("hostname").asText()).isEqualTo("evil?host??X: 1");
        assertThat(facts.get("qemu_version").asText()).hasSize(32);
        assertThat(facts.has("accel")).as("an accelerator Drover does not know is not shown").isFalse();
        assertThat(facts.get("accel_reason").asText()).hasSize(1000).doesNotContain("\u0007");
        assertThat(host.get("capacity").get("cpus").asLong()).isZero();
        assertThat(host.get("capacity").get("memory_mib").asLong()).isEqualTo(64L << 20);
        assertThat(facts.get("addresses")).hasSize(64).extracting(JsonNode::asText).startsWith("192.0.2.7", "2001:db8::1/64");
        // The link took it all: it is still open, and the next facts are stored as they come.
        agent.send(new HostFactsReport(HostFactsReport.TYPE, "fake-1", "Fake CPU", 8, 16384, 100, 90, "9.0.0", "7.2.0", "tcg", "--accel tcg",
                List.of("192.0.2.10")));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + agent.hostId)).get("capacity").get("cpus").asInt() == 8);
    }

    @Test
    void anOperatorSetsAHostsAcceleratorWithoutRejoiningIt() throws Exception {
        assertThat(agent.expectSettings().get("accel").isNull()).as("on link: no setting, the agent's --accel decides").isTrue();
        HttpResponse<String> set = api.as(api.adminToken(), "PATCH", "/api/v1/hosts/" + agent.hostId, "{\"accel\":\"tcg\"}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).get("accel").asText()).isEqualTo("tcg");
        assertThat(agent.expectSettings().get("accel").asText()).as("the linked agent hears it at once").isEqualTo("tcg");
        // And again whenever it links.
        agent.close();
        agent = FakeAgent.reconnect(api, agent);
        assertThat(agent.expectSettings().get("accel").asText()).isEqualTo("tcg");

        for (String bad : List.of("{\"accel\":\"xen\"}", "{\"accel\":5}", "{}", "{\"accel\":\"tcg\",\"name\":\"x\"}", "[]", "not json")) {
            HttpResponse<String> r = api.as(api.adminToken(), "PATCH", "/api/v1/hosts/" + agent.hostId, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(bad).startsWith("application/problem+json");
        }
        assertThat(json(api.get("/api/v1/hosts/" + agent.hostId)).get("accel").asText()).as("a refused change loses nothing").isEqualTo("tcg");
        assertThat(api.as(api.adminToken(), "PATCH", "/api/v1/hosts/no-such-host", "{\"accel\":\"kvm\"}").statusCode()).isEqualTo(404);
        assertThat(api.as(api.adminToken(), "PATCH", "/api/v1/hosts/" + agent.hostId, "{\"accel\":null}").statusCode()).isEqualTo(200);
        assertThat(agent.expectSettings().get("accel").isNull()).isTrue();
        assertThat(json(api.get("/api/v1/hosts/" + agent.hostId)).has("accel")).isFalse();
    }

    @Test
    void aSuspendIsAnEventWhetherTheTasksResultOrTheHostsEventComesFirst() throws Exception {
        String vmId = createRunning("web-1").get("id").asText();
        JsonNode task = json(api.postAsAdmin("/api/v1/vms/web-1/suspend", "")).get("task");
        JsonNode command = agent.expectCommand(AgentCommand.SUSPEND);
        // The result first, as a real agent's often is: the lifecycle event that follows changes nothing more.
        agent.send(CommandResult.ok(command.get("op_id").asText(), new DomainReport(vmId, "web-1", DomainReport.PAUSED, "user", 2, 1024L, null)));
        awaitTask(task.get("id").asText(), "succeeded");
        agent.send(new DomainEvent(DomainEvent.TYPE, new DomainReport(vmId, "web-1", DomainReport.PAUSED, "user", 2, 1024L, null),
                "SUSPENDED", "PAUSED", 0));
        assertThat(json(api.get("/api/v1/vms/web-1")).get("status").asText()).isEqualTo("paused");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(eventMessages("vm_state")).filteredOn(m -> m.equals("running -> paused")).hasSize(1));
    }

    @Test
    void aCreateWithoutStartAsksTheHostNotToStartIt() throws Exception {
        JsonNode accepted = json(api.postAsAdmin("/api/v1/vms",
                "{\"name\":\"cold-1\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\",\"start\":false}"));
        assertThat(accepted.get("task").get("steps")).extracting(st -> st.get("name").asText())
                .containsExactly("place", "fetch_image", "create_disk", "seed_iso", "define");
        JsonNode command = agent.expectCommand(AgentCommand.CREATE);
        assertThat(command.get("vm").get("start").asBoolean(true)).isFalse();
        String op = command.get("op_id").asText();
        for (String step : List.of("fetch_image", "create_disk", "seed_iso", "define")) {
            agent.send(CommandProgress.of(op, step, CommandProgress.DONE, null));
        }
        agent.send(CommandResult.ok(op, domain(command.get("vm").get("id").asText(), "cold-1", DomainReport.STOPPED)));
        awaitTask(accepted.get("task").get("id").asText(), "succeeded");
        JsonNode vm = json(api.get("/api/v1/vms/cold-1"));
        assertThat(vm.get("status").asText()).isEqualTo("stopped");
        assertThat(vm.get("desired").asText()).isEqualTo("stopped");
    }

    @Test
    void concurrentCreatesNeverOvercommitTheHostAndTasksPage() throws Exception {
        // The fake host has 16,384 MiB less the 512 MiB reserve: seven VMs of 2,048 MiB fit.
        List<CompletableFuture<JsonNode>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"name\":\"burst-" + i + "\",\"cpus\":1,\"memory_mib\":2048,\"disk_gib\":1,\"image\":\"tiny\"}";
            posts.add(CompletableFuture.supplyAsync(() -> json(api.postAsAdmin("/api/v1/vms", body))));
        }
        List<String> tasks = posts.stream().map(f -> f.join().get("task").get("id").asText()).toList();
        for (int i = 0; i < 7; i++) completeCreate(agent.expectCommand(AgentCommand.CREATE));
        List<String> outcomes = new ArrayList<>();
        for (String id : tasks) {
            await().atMost(Duration.ofSeconds(10)).until(() -> json(api.get("/api/v1/tasks/" + id)).get("status").asText().matches("succeeded|failed"));
            JsonNode t = json(api.get("/api/v1/tasks/" + id));
            outcomes.add(t.get("status").asText());
            if (t.get("status").asText().equals("failed")) assertThat(t.get("error").asText()).contains("not enough memory");
        }
        assertThat(outcomes).filteredOn("succeeded"::equals).hasSize(7);
        assertThat(agent.poll(Duration.ofMillis(300))).as("no eighth create reached the host").isNull();
        JsonNode host = json(api.get("/api/v1/hosts/" + agent.hostId));
        assertThat(host.get("allocated").get("memory_mib").asLong()).isEqualTo(7 * 2048);
        assertThat(host.get("vm_count").asInt()).isEqualTo(7);

        // Tasks page newest first with an opaque cursor, and every task appears once.
        List<String> paged = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 10; page++) {
            JsonNode p = json(api.get("/api/v1/tasks?limit=6" + cursor));
            p.get("items").forEach(t -> paged.add(t.get("id").asText()));
            if (p.get("next_cursor").isNull()) break;
            cursor = "&cursor=" + p.get("next_cursor").asText();
        }
        assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(tasks);
        assertThat(api.get("/api/v1/tasks?cursor=" + Cursor.encode("x", "y")).statusCode()).isEqualTo(400);
    }

    @Test
    void aCancelReachesTheHostAndTheTaskRollsBack() throws Exception {
        JsonNode accepted = createVm("slow-1");
        String taskId = accepted.get("task").get("id").asText();
        JsonNode command = agent.expectCommand(AgentCommand.CREATE);
        String op = command.get("op_id").asText();
        agent.send(CommandProgress.of(op, AgentCommand.STEP_FETCH_IMAGE, CommandProgress.RUNNING, null));
        assertThat(api.postAsAdmin("/api/v1/tasks/" + taskId + "/cancel", "").statusCode()).isEqualTo(202);
        assertThat(agent.expect("cancel").get("op_id").asText()).isEqualTo(op);
        agent.send(CommandProgress.of(op, AgentCommand.STEP_FETCH_IMAGE, CommandProgress.COMPENSATED, null));
        agent.send(CommandResult.failed(op, "cancelled", true, domain(command.get("vm").get("id").asText(), "slow-1", DomainReport.ABSENT)));
        JsonNode task = awaitTask(taskId, "cancelled");
        assertThat(task.get("steps").get(0).get("status").asText()).isEqualTo("compensated");
        JsonNode vm = json(api.get("/api/v1/vms/slow-1"));
        assertThat(vm.get("status").asText()).isEqualTo("error");
        assertThat(json(api.get("/api/v1/hosts/" + agent.hostId)).get("allocated").get("cpus").asInt()).isZero();
        // The undo also asks the host to delete whatever it may still hold of the VM.
        assertThat(agent.expectCommand(AgentCommand.DELETE).get("vm").get("id").asText()).isEqualTo(vm.get("id").asText());

        // A domain of that VM showing up later (the host had made it after all) is Drover's leftover: deleted.
        agent.send(InventoryReport.of(List.of(domain(vm.get("id").asText(), "slow-1", DomainReport.RUNNING))));
        assertThat(agent.expectCommand(AgentCommand.DELETE).get("vm").get("id").asText()).isEqualTo(vm.get("id").asText());
        assertThat(json(api.get("/api/v1/hosts/" + agent.hostId)).get("foreign_domains")).isEmpty();
    }

    @Test
    void aCommandSentWhileTheHostWasAwayIsSentAgainWhenItLinks() throws Exception {
        JsonNode accepted = createVm("again-1");
        JsonNode first = agent.expectCommand(AgentCommand.CREATE);
        agent.close(); // the link drops before the agent answers
        agent = FakeAgent.reconnect(api, agent);
        JsonNode again = agent.expectCommand(AgentCommand.CREATE);
        assertThat(again.get("op_id").asText()).isEqualTo(first.get("op_id").asText());
        completeCreate(again);
        awaitTask(accepted.get("task").get("id").asText(), "succeeded");
    }

    @Test
    void removingAHostWithForceReleasesItsVmsAndDropsItsLink() throws Exception {
        JsonNode accepted = createVm("left-1");
        completeCreate(agent.expectCommand(AgentCommand.CREATE));
        awaitTask(accepted.get("task").get("id").asText(), "succeeded");
        assertThat(api.delete("/api/v1/hosts/" + agent.hostId, api.adminToken()).statusCode()).isEqualTo(409);
        assertThat(api.delete("/api/v1/hosts/" + agent.hostId + "?force=true", api.adminToken()).statusCode()).isEqualTo(204);
        assertThat(agent.closedWith(Duration.ofSeconds(5))).contains("removed");
        JsonNode vm = json(api.get("/api/v1/vms/left-1"));
        assertThat(vm.get("status").asText()).isEqualTo("error");
        assertThat(vm.get("error").asText()).contains("was removed");
        assertThat(vm.has("host_id")).isFalse();
    }

    @Test
    void aResizeThatWouldPassTheProjectsQuotaIsRefusedAndOneWithinItReachesTheHost() throws Exception {
        assertThat(api.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/projects/default")))
                .header("Authorization", "Bearer " + api.adminToken())
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"quota\":{\"vcpus\":3}}"))).statusCode())
                .isEqualTo(200);
        JsonNode accepted = createVm("grow-1");
        String vmId = accepted.get("vm").get("id").asText();
        completeCreate(agent.expectCommand(AgentCommand.CREATE));
        awaitTask(accepted.get("task").get("id").asText(), "succeeded");
        agent.send(new DomainEvent(DomainEvent.TYPE, domain(vmId, "grow-1", DomainReport.STOPPED), "STOPPED", "SHUTDOWN", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/grow-1")).get("status").asText().equals("stopped"));

        ApiAssertions.assertProblem(api.postAsAdmin("/api/v1/vms/grow-1/resize", "{\"cpus\":4}"), 409,
                "project default quota vcpus is 3: 2 in use, this needs 2 more");
        assertThat(agent.poll(Duration.ofMillis(300))).as("a refused resize sends nothing").isNull();
        HttpResponse<String> within = api.postAsAdmin("/api/v1/vms/grow-1/resize", "{\"cpus\":3}");
        assertThat(within.statusCode()).as(within.body()).isEqualTo(202);
        assertThat(agent.expectCommand(AgentCommand.RESIZE).get("vm").get("cpus").asInt()).isEqualTo(3);
    }

    @Test
    void aHostDedicatedToAProjectTakesOnlyThatProjectsVms() throws Exception {
        api.createProject("shop");
        FakeAgent dedicated = FakeAgent.join(api, "shop-1", "shop");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + dedicated.hostId)).get("status").asText().equals("online"));
            assertThat(json(api.get("/api/v1/hosts/" + dedicated.hostId)).get("project").asText()).isEqualTo("shop");
            assertThat(json(api.get("/api/v1/hosts/" + agent.hostId)).has("project")).as("shared").isFalse();
            assertThat(api.postAsAdmin("/api/v1/hosts/" + agent.hostId + "/disable", "").statusCode()).isEqualTo(200);

            JsonNode outsider = createVm("other-1");
            JsonNode failed = awaitTask(outsider.get("task").get("id").asText(), "failed");
            assertThat(failed.get("error").asText()).contains("shop-1", "dedicated to another project").doesNotContain("shop)");

            JsonNode member = json(api.postAsAdmin("/api/v1/vms",
                    "{\"name\":\"shop-vm\",\"project\":\"shop\",\"cpus\":1,\"memory_mib\":512,\"disk_gib\":5,\"image\":\"tiny\"}"));
            assertThat(dedicated.expectCommand(AgentCommand.CREATE).get("vm").get("name").asText()).isEqualTo("shop-vm");
            assertThat(json(api.get("/api/v1/tasks/" + member.get("task").get("id").asText())).get("host_id").asText())
                    .isEqualTo(dedicated.hostId);
        } finally {
            dedicated.close();
        }
    }

    /**
     * Finding 7 of issue 10: a heartbeat naming a VM's SMBIOS UUID set that VM's {@code tracker}
     * address from anywhere. Now only a tracker reporting with a registration token of the VM's own
     * project is taken for it; an anonymous one or another project's neither poses as the VM nor
     * hides its real tracker.
     */
    @Test
    void aVmsTrackerAddressComesOnlyFromAHeartbeatWithItsOwnProjectsRegistrationToken() throws Exception {
        api.createProject("shop");
        JsonNode accepted = json(api.postAsAdmin("/api/v1/vms",
                "{\"name\":\"shop-web\",\"project\":\"shop\",\"cpus\":1,\"memory_mib\":512,\"disk_gib\":5,\"image\":\"tiny\"}"));
        completeCreate(agent.expectCommand(AgentCommand.CREATE));
        awaitTask(accepted.get("task").get("id").asText(), "succeeded");
        String uuid = accepted.get("vm").get("id").asText();
        String shopToken = registrationToken("shop");
        String defaultToken = registrationToken("default");

        assertThat(heartbeat(null, "forger-anonymous", "192.0.2.66", uuid).statusCode()).isEqualTo(200);
        assertThat(heartbeat(defaultToken, "forger-default", "192.0.2.67", uuid).statusCode()).isEqualTo(200);
        assertThat(json(api.get("/api/v1/vms/shop-web")).get("ips")).as("forged heartbeats are tracked, not taken for the VM").isEmpty();

        assertThat(heartbeat(shopToken, "shop-web", "10.9.8.7", uuid).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/vms/shop-web")).get("ips").size() == 1);
        JsonNode ip = json(api.get("/api/v1/vms/shop-web")).get("ips").get(0);
        assertThat(ip.get("address").asText()).isEqualTo("10.9.8.7");
        assertThat(ip.get("source").asText()).isEqualTo("tracker");

        // Forgers reporting after the real tracker change nothing either, and none can take over its hostname.
        assertThat(heartbeat(null, "forger-anonymous", "192.0.2.68", uuid).statusCode()).isEqualTo(200);
        assertThat(heartbeat(defaultToken, "forger-default", "192.0.2.69", uuid).statusCode()).isEqualTo(200);
        assertThat(heartbeat(null, "shop-web", "192.0.2.70", uuid).statusCode()).isEqualTo(409);
        assertThat(json(api.get("/api/v1/vms/shop-web")).get("ips")).extracting(i -> i.get("address").asText()).containsExactly("10.9.8.7");

        // Still after a restart: whether a machine was vouched for is stored, not only remembered.
        api.restart();
        assertThat(json(api.get("/api/v1/vms/shop-web")).get("ips")).extracting(i -> i.get("address").asText()).containsExactly("10.9.8.7");
    }

    private String registrationToken(String project) {
        HttpResponse<String> made = api.postAsAdmin("/api/v1/projects/" + project + "/registration-tokens", "{\"name\":\"trackers\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        return json(made).get("token").asText();
    }

    private HttpResponse<String> heartbeat(String token, String hostname, String ip, String uuid) {
        String body = "{\"hostname\":\"" + hostname + "\",\"ip_address\":\"" + ip + "\",\"interface\":\"eth0\",\"uuid\":\"" + uuid + "\"}";
        return token == null ? api.post("/api/register", body) : api.as(token, "POST", "/api/register", body);
    }
}
