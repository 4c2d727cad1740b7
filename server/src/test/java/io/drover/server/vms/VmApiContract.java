package io.drover.server.vms;

import static io.drover.server.testing.ApiAssertions.TIME;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM and task routes without any host, once per store: what is checked before a task
 * starts, and what a create that cannot be placed leaves (a VM in error, a failed task that says
 * why, nothing allocated). Hosts running VMs are covered end to end in the e2e module.
 */
abstract class VmApiContract {
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

    JsonNode task(String id) {
        return json(api.get("/api/v1/tasks/" + id));
    }

    JsonNode finishedTask(String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !task(id).get("status").asText().matches("pending|running"));
        return task(id);
    }

    @Test
    void aCreateThatNoHostCanTakeFailsAtPlacementAndLeavesTheVmInErrorWithNothingHeld() {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/vms",
                "{\"name\":\"test-1\",\"cpus\":2,\"memory_mib\":1024,\"disk_gib\":10,\"image\":\"tiny\",\"ssh_keys\":[\"ssh-ed25519 AAAA me@x\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r);
        String vmId = body.get("vm").get("id").asText();
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/vms/" + vmId);
        assertThat(body.get("vm").get("status").asText()).isIn("creating", "error");
        assertThat(body.get("task").get("kind").asText()).isEqualTo("create");
        assertThat(body.get("task").get("steps")).extracting(s -> s.get("name").asText())
                .containsExactly("place", "fetch_image", "create_disk", "seed_iso", "define", "start");

        JsonNode task = finishedTask(body.get("task").get("id").asText());
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("error").asText()).contains("no host can take this VM", "there are no hosts");
        assertThat(task.get("placement").get("strategy").asText()).isEqualTo("spread");
        assertThat(task.get("steps").get(0).get("status").asText()).isEqualTo("compensated");
        assertThat(task.get("steps").get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(task.get("created_at").asText()).matches(TIME);

        JsonNode vm = json(api.get("/api/v1/vms/test-1"));
        assertThat(vm.get("id").asText()).isEqualTo(vmId);
        assertThat(vm.get("status").asText()).isEqualTo("error");
        assertThat(vm.get("error").asText()).contains("no host can take this VM");
        assertThat(vm.has("host_id")).isFalse();
        assertThat(vm.get("image").asText()).isEqualTo("tiny");
        assertThat(vm.get("tasks")).hasSize(1);
        assertThat(json(api.get("/api/v1/vms?status=error")).get("items")).hasSize(1);
        assertThat(json(api.get("/api/v1/vms?status=running")).get("items")).isEmpty();

        // Deleting it needs no host: it was never placed.
        HttpResponse<String> del = api.delete("/api/v1/vms/test-1", api.adminToken());
        assertThat(del.statusCode()).as(del.body()).isEqualTo(202);
        assertThat(finishedTask(json(del).get("task").get("id").asText()).get("status").asText()).isEqualTo("succeeded");
        assertProblem(api.get("/api/v1/vms/test-1"), 404, "no VM with id or name test-1");
    }

    @Test
    void badCreatesAreRefusedWithAProblemThatNamesTheFieldAndStoreNothing() {
        String ok = "\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"";
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"../etc\"," + ok + "}"), 400, "name may only contain");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"a'$(reboot)\"," + ok + "}"), 400, "name may only contain");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + "a".repeat(64) + "\"," + ok + "}"), 400, "longer than 63");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"-a\"," + ok + "}"), 400, "start or end");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\",\"cpus\":0,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}"), 400, "cpus");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":1,\"disk_gib\":1,\"image\":\"tiny\"}"), 400, "memory_mib");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"image\":\"tiny\"}"), 400, "disk_gib is required");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"nope\"}"), 400, "no image");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\"," + ok + ",\"ssh_keys\":[\"a\\nb\"]}"), 400, "line breaks");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\"," + ok + ",\"host\":\"nowhere\"}"), 400, "no single host");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":\"vm\"," + ok + ",\"extra\":1}"), 400, "invalid JSON");
        assertProblem(api.postAsAdmin("/api/v1/vms", "{\"name\":"), 400, "invalid JSON");
        assertProblem(api.postAsAdmin("/api/v1/vms", ""), 400, "JSON body is required");
        assertProblem(api.post("/api/v1/vms", "{\"name\":\"vm\"," + ok + "}"), 401, "sign in");
        assertThat(json(api.get("/api/v1/vms")).get("items")).isEmpty();
        assertThat(json(api.get("/api/v1/tasks")).get("items")).isEmpty();
    }

    @Test
    void namesAreUniqueAndActionsOnAVmWithoutAHostAreConflicts() {
        String body = "{\"name\":\"dup\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}";
        String task = json(api.postAsAdmin("/api/v1/vms", body)).get("task").get("id").asText();
        assertProblem(api.postAsAdmin("/api/v1/vms", body), 409, "a VM named dup exists");
        finishedTask(task);
        assertProblem(api.postAsAdmin("/api/v1/vms/dup/start", ""), 409, "has no host");
        assertProblem(api.postAsAdmin("/api/v1/vms/dup/stop", "{\"timeout_seconds\":-1}"), 409, "has no host");
        assertProblem(api.postAsAdmin("/api/v1/vms/nope/start", ""), 404, "no VM");
        assertProblem(api.postAsAdmin("/api/v1/tasks/" + task + "/cancel", ""), 409, "already ended");
        assertProblem(api.get("/api/v1/vms?status=sleeping"), 400, "status must be one of");
        assertProblem(api.get("/api/v1/tasks?status=sleeping"), 400, "status must be one of");
        assertProblem(api.get("/api/v1/tasks/nope"), 404, "no task");
    }

    /**
     * Issue 10, finding 13: names of VMs and images are global, and a 409 for a name another
     * project holds told the caller what held it ("a VM named … exists"). A caller who cannot see
     * the holder hears only that the name is not available; one who can is told what it is.
     */
    @Test
    void aNameHeldInAnotherProjectIsOnlyNotAvailable() {
        for (String p : List.of("alpha", "beta")) {
            assertThat(api.postAsAdmin("/api/v1/projects", "{\"name\":\"" + p + "\"}").statusCode()).isEqualTo(201);
        }
        String alpha = api.userToken("alice", "operator", "alpha");
        String beta = api.userToken("bob", "operator", "beta");
        assertThat(api.uploadImage(alpha, "alpha-img", new byte[1 << 20]).statusCode()).isEqualTo(201);
        String vm = "{\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"name\":\"secret-vm\",\"image\":";
        HttpResponse<String> made = api.as(alpha, "POST", "/api/v1/vms", vm + "\"alpha-img\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(202);

        assertThat(api.uploadImage(beta, "beta-img", new byte[1 << 20]).statusCode()).isEqualTo(201);
        List<HttpResponse<String>> refused = List.of(
                api.as(beta, "POST", "/api/v1/vms", vm + "\"beta-img\"}"),
                // Refused bodies are small: a server that answers before reading a large body closes the
                // connection under it, and the client may lose the answer to the reset.
                api.uploadImage(beta, "alpha-img", new byte[4096]));
        for (HttpResponse<String> r : refused) {
            assertProblem(r, 409, "is not available");
            assertThat(r.body()).doesNotContain("alpha\"", "alice", "a VM named", "an image named", "exists", "creating", "error\"");
        }
        assertProblem(refused.get(0), 409, "the name secret-vm is not available");
        assertProblem(refused.get(1), 409, "the name alpha-img is not available");

        // Those who see the holder are told what it is.
        assertProblem(api.as(alpha, "POST", "/api/v1/vms", vm + "\"alpha-img\"}"), 409, "a VM named secret-vm exists");
        assertProblem(api.postAsAdmin("/api/v1/vms", vm + "\"alpha-img\"}"), 409, "a VM named secret-vm exists");
        assertProblem(api.uploadImage(alpha, "alpha-img", new byte[4096]), 409, "an image named alpha-img already exists");
        assertThat(json(api.as(beta, "GET", "/api/v1/vms", null)).get("items")).isEmpty();
    }

    @Test
    void hostileRequestsGetA4xxProblemAndStoreNothing() {
        List<String> bodies = List.of("null", "[]", "42", "\"vm\"", "{\"name\":null}", "{\"name\":[\"a\"]}",
                "{\"name\":{\"$gt\":\"\"}}", "{\"name\":\"vm\",\"cpus\":\"two\",\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm\",\"cpus\":1e309,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm\",\"cpus\":99999999999999999999,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":-1,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"../../etc/passwd\"}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\",\"ssh_keys\":\"not-a-list\"}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\",\"ssh_keys\":[null]}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\",\"user_data\":\"a\\u0000b\"}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\",\"start\":\"yes\"}",
                "{\"name\":\"v\u00e9m\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm\\u202e\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm;rm -rf /\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}",
                "{\"name\":\"vm\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\",\"user_data\":\"" + "x".repeat(70_000) + "\"}",
                "{" + "\"a\":{".repeat(100) + "}".repeat(101), "{\"name\":\"vm\"", "\u0000\u0001");
        for (String body : bodies) {
            for (String path : List.of("/api/v1/vms", "/api/v1/vm")) {
                HttpResponse<String> r = api.postAsAdmin(path, body);
                assertThat(r.statusCode()).as(path + " " + body.substring(0, Math.min(80, body.length()))).isBetween(400, 499);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
                assertThat(r.body()).doesNotContain("Exception", "\tat ");
            }
        }
        for (String id : List.of("..%2F..%2Fetc", "%00", "x".repeat(300), "'%20OR%201=1--", "%E2%80%AE")) {
            for (String action : List.of("start", "stop", "force-stop", "reboot", "suspend", "resume", "resize")) {
                HttpResponse<String> r = api.postAsAdmin("/api/v1/vms/" + id + "/" + action, "{\"timeout_seconds\":\"soon\"}");
                assertThat(r.statusCode()).as(action + " " + id).isBetween(400, 404);
                // Even what Jetty refuses before any route (a NUL in the path) is a problem body, not its HTML page.
                assertThat(r.headers().firstValue("Content-Type")).as(action + " " + id).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            }
            assertThat(api.get("/api/v1/vms/" + id).statusCode()).isBetween(400, 404);
            assertThat(api.delete("/api/v1/vms/" + id, api.adminToken()).statusCode()).isBetween(400, 404);
            assertThat(api.get("/api/v1/tasks/" + id).statusCode()).isBetween(400, 404);
            assertThat(api.postAsAdmin("/api/v1/tasks/" + id + "/cancel", "").statusCode()).isBetween(400, 404);
        }
        for (String query : List.of("limit=0", "limit=abc", "cursor=%25%25%25", "cursor=bm90LW91cnM", "status=%00", "q=" + "x".repeat(100))) {
            assertThat(api.get("/api/v1/vms?" + query).statusCode()).as(query).isEqualTo(400);
        }
        assertThat(api.get("/api/v1/tasks?cursor=djE6eA").statusCode()).isEqualTo(400);
        assertThat(json(api.get("/api/v1/vms")).get("items")).isEmpty();
        assertThat(json(api.get("/api/v1/tasks")).get("items")).isEmpty();
    }

    /** The list's image and ip filters (the console's VM list offers both), with paging. */
    @Test
    void theListFiltersByImageAndByAddress() {
        assertThat(api.uploadImage(api.adminToken(), "other", new byte[4096]).statusCode()).isEqualTo(201);
        String b2 = null;
        for (String[] vm : new String[][] {{"a-1", "tiny"}, {"b-1", "other"}, {"b-2", "other"}}) {
            HttpResponse<String> r = api.postAsAdmin("/api/v1/vms",
                    "{\"name\":\"" + vm[0] + "\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"" + vm[1] + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            b2 = json(r).get("vm").get("id").asText();
        }
        String otherId = json(api.get("/api/v1/images/other")).get("id").asText();
        assertThat(names("image=other")).containsExactly("b-1", "b-2");
        assertThat(names("image=" + otherId)).containsExactly("b-1", "b-2");
        assertThat(names("image=tiny")).containsExactly("a-1");
        assertThat(names("image=other&q=2")).containsExactly("b-2");
        assertThat(names("image=no-such-image")).isEmpty();
        JsonNode first = json(api.get("/api/v1/vms?image=other&limit=1"));
        assertThat(first.get("items")).extracting(v -> v.get("name").asText()).containsExactly("b-1");
        JsonNode second = json(api.get("/api/v1/vms?image=other&limit=1&cursor=" + first.get("next_cursor").asText()));
        assertThat(second.get("items")).extracting(v -> v.get("name").asText()).containsExactly("b-2");

        // An address: the in-guest tracker's, reporting with its project's registration token and the VM's id as its UUID.
        HttpResponse<String> made = api.postAsAdmin("/api/v1/projects/default/registration-tokens", "{\"name\":\"trackers\"}");
        String token = json(made).get("token").asText();
        String beat = "{\"hostname\":\"b-2\",\"ip_address\":\"10.7.0.5\",\"interface\":\"eth0\",\"uuid\":\"" + b2 + "\"}";
        assertThat(api.as(token, "POST", "/api/register", beat).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> names("ip=10.7.").equals(List.of("b-2")));
        assertThat(names("ip=10.7.0.5")).containsExactly("b-2");
        assertThat(names("ip=10.7.0.5&image=tiny")).isEmpty();
        assertThat(names("ip=10.8.")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> names("status=error&ip=10.7.").equals(List.of("b-2"))); // no host to place it
        assertThat(names("status=running&ip=10.7.")).isEmpty();
        assertThat(api.get("/api/v1/vms?ip=" + "1".repeat(46)).statusCode()).isEqualTo(400);

        // Another project's tracker claiming a VM's UUID gives that VM no address, even to an admin who sees both.
        assertThat(api.postAsAdmin("/api/v1/projects", "{\"name\":\"elsewhere\"}").statusCode()).isEqualTo(201);
        String theirs = json(api.postAsAdmin("/api/v1/projects/elsewhere/registration-tokens", "{\"name\":\"t\"}")).get("token").asText();
        String claim = "{\"hostname\":\"impostor\",\"ip_address\":\"10.9.0.9\",\"interface\":\"eth0\",\"uuid\":\"" + b2 + "\"}";
        assertThat(api.as(theirs, "POST", "/api/register", claim).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/machines/impostor")).path("ip_address").asText().equals("10.9.0.9"));
        assertThat(names("ip=10.9.")).isEmpty();
        assertThat(names("ip=10.7.0.5")).containsExactly("b-2");
    }

    /** The list's sorts, each paged by its own cursor: by name either way, by creation either way. */
    @Test
    void theListSortsByNameOrCreationAndPagesInThatOrder() throws InterruptedException {
        for (String name : List.of("m-2", "m-3", "m-1")) { // created in this order, each in a later millisecond
            Thread.sleep(2);
            HttpResponse<String> r = api.postAsAdmin("/api/v1/vms",
                    "{\"name\":\"" + name + "\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
        assertThat(allPages("")).containsExactly("m-1", "m-2", "m-3");
        assertThat(allPages("sort=name")).containsExactly("m-1", "m-2", "m-3");
        assertThat(allPages("sort=-name")).containsExactly("m-3", "m-2", "m-1");
        assertThat(allPages("sort=created")).containsExactly("m-2", "m-3", "m-1");
        assertThat(allPages("sort=-created")).containsExactly("m-1", "m-3", "m-2");
        assertThat(allPages("sort=-created&q=m-")).containsExactly("m-1", "m-3", "m-2");
        assertProblem(api.get("/api/v1/vms?sort=size"), 400, "sort must be one of name, -name, created, -created");
        // A cursor of one order is no cursor of another.
        String byName = json(api.get("/api/v1/vms?limit=1")).get("next_cursor").asText();
        assertThat(api.get("/api/v1/vms?sort=created&cursor=" + byName).statusCode()).isEqualTo(400);
    }

    /** Every VM's name, a page of one at a time, following next_cursor. */
    private List<String> allPages(String query) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api.get("/api/v1/vms?limit=1" + (query.isEmpty() ? "" : "&" + query) + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonNode vm : page.get("items")) names.add(vm.get("name").asText());
            cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
        } while (cursor != null && names.size() < 10);
        return names;
    }

    private List<String> names(String query) {
        List<String> names = new ArrayList<>();
        for (JsonNode vm : json(api.get("/api/v1/vms?" + query)).get("items")) names.add(vm.get("name").asText());
        return names;
    }

    @Test
    void theOriginalCreateApiKeepsItsShape() {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/vm", "{\"Name\":\"test-1\",\"RAM\":\"1024\",\"CPU\":\"2\",\"Disk\":\"10G\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode vm = json(r);
        assertThat(vm.get("Name").asText()).isEqualTo("test-1");
        assertThat(vm.get("RAM").asText()).isEqualTo("1024");
        assertThat(vm.get("CPU").asText()).isEqualTo("2");
        assertThat(vm.get("Disk").asText()).isEqualTo("10G");
        assertThat(vm.get("IP").asText()).isEqualTo("unassigned");
        assertThat(vm.get("CreatedAt").asText()).matches(TIME);
        JsonNode list = json(api.get("/api/v1/vm"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).fieldNames()).toIterable().containsExactly("Name", "RAM", "CPU", "Disk", "IP", "CreatedAt");
        assertProblem(api.postAsAdmin("/api/v1/vm", "{\"Name\":\"x\",\"RAM\":\"lots\",\"CPU\":\"2\",\"Disk\":\"10G\"}"), 400, "RAM must be a whole number");
        assertProblem(api.postAsAdmin("/api/v1/vm", "{\"Name\":\"x\",\"RAM\":\"512\",\"CPU\":\"2\",\"Disk\":\"10T\"}"), 400, "Disk must be a size");
    }

    @Test
    void projectsScopeVmsAndImagesAndTheirQuotasBoundCreatesAndResizes() throws Exception {
        assertThat(api.postAsAdmin("/api/v1/projects", "{\"name\":\"small\",\"quota\":{\"vms\":2,\"vcpus\":3,\"memory_mib\":1024}}")
                .statusCode()).isEqualTo(201);
        assertThat(api.postAsAdmin("/api/v1/projects", "{\"name\":\"other\"}").statusCode()).isEqualTo(201);
        String ops = api.userToken("ops", "operator", "small");
        String peer = api.userToken("peer", "operator", "other");
        String watcher = api.userToken("watcher", "viewer", "small");

        // The admin's image is in default: not visible to the project's operator.
        String vm = "{\"cpus\":2,\"memory_mib\":512,\"disk_gib\":1,\"image\":\"tiny\",\"name\":";
        assertProblem(api.as(ops, "POST", "/api/v1/vms", vm + "\"a1\"}"), 400, "no image");
        HttpResponse<String> image = api.uploadImage(ops, "small-img", new byte[1 << 20]);
        assertThat(image.statusCode()).as(image.body()).isEqualTo(201);
        assertThat(json(image).get("project").asText()).isEqualTo("small");
        String small = "{\"cpus\":2,\"memory_mib\":512,\"disk_gib\":1,\"image\":\"small-img\",\"name\":";

        HttpResponse<String> first = api.as(ops, "POST", "/api/v1/vms", small + "\"a1\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(json(first).get("vm").get("project").asText()).isEqualTo("small");
        assertProblem(api.as(ops, "POST", "/api/v1/vms", small + "\"a2\"}"), 409, "quota vcpus is 3: 2 in use, this needs 2 more");
        assertThat(api.as(ops, "POST", "/api/v1/vms", "{\"cpus\":1,\"memory_mib\":512,\"disk_gib\":1,\"image\":\"small-img\",\"name\":\"a2\"}")
                .statusCode()).isEqualTo(202);
        assertProblem(api.as(ops, "POST", "/api/v1/vms", "{\"cpus\":0,\"name\":\"a3\"}"), 400, "cpus");
        assertProblem(api.as(ops, "POST", "/api/v1/vms", "{\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"small-img\",\"name\":\"a3\"}"),
                409, "quota vms is 2");
        assertProblem(api.as(ops, "POST", "/api/v1/vms", small.replace("{", "{\"project\":\"other\",") + "\"a4\"}"), 404, "no project other");

        // Others see nothing of it; a viewer of the project reads it but cannot change it.
        assertThat(json(api.as(peer, "GET", "/api/v1/vms", null)).get("items")).isEmpty();
        assertThat(json(api.as(peer, "GET", "/api/v1/images", null)).get("items")).isEmpty();
        assertProblem(api.as(peer, "GET", "/api/v1/vms/a1", null), 404, "a1");
        assertProblem(api.as(peer, "DELETE", "/api/v1/vms/a1", null), 404, "a1");
        assertProblem(api.as(peer, "GET", "/api/v1/projects/small", null), 404, "small");
        assertThat(json(api.as(watcher, "GET", "/api/v1/vms", null)).get("items")).hasSize(2);
        assertProblem(api.as(watcher, "DELETE", "/api/v1/vms/a1", null), 403, "viewer");
        JsonNode project = json(api.as(watcher, "GET", "/api/v1/projects/small", null));
        assertThat(project.get("usage").get("vms").asLong()).isEqualTo(2);
        assertThat(project.get("usage").get("vcpus").asLong()).isEqualTo(3);
        assertThat(json(api.get("/api/v1/vms")).get("items")).as("the admin sees every project").hasSize(2);

        // ?project= narrows the VM and image listings; another's project or a malformed name shows nothing.
        assertThat(json(api.get("/api/v1/vms?project=small")).get("items")).extracting(v -> v.get("name").asText())
                .containsExactly("a1", "a2");
        assertThat(json(api.get("/api/v1/vms?project=default")).get("items")).isEmpty();
        assertThat(json(api.get("/api/v1/images?project=small")).get("items")).extracting(i -> i.get("name").asText())
                .containsExactly("small-img");
        assertThat(json(api.get("/api/v1/images?project=default")).get("items")).extracting(i -> i.get("name").asText())
                .containsExactly("tiny");
        assertThat(json(api.as(peer, "GET", "/api/v1/vms?project=small", null)).get("items")).isEmpty();
        assertThat(json(api.as(peer, "GET", "/api/v1/images?project=small", null)).get("items")).isEmpty();
        assertProblem(api.get("/api/v1/vms?project=Small!"), 400, "project name");
        assertProblem(api.get("/api/v1/images?project=-x"), 400, "project name");
        assertProblem(api.delete("/api/v1/projects/small", api.adminToken()), 409, "still has VMs, images");
    }
}
