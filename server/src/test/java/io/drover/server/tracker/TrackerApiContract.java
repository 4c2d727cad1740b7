package io.drover.server.tracker;

import java.io.ByteArrayInputStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.drover.server.testing.ApiAssertions.JSON;
import static io.drover.server.testing.ApiAssertions.TIME;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.assertSeedError;
import static io.drover.server.testing.ApiAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tracker route and every error of the tracking protocol, run once per store (subclasses). */
abstract class TrackerApiContract {

    @TempDir
    Path tmp;
    TestServer api;

    abstract TestStores store();

    @BeforeEach
    void start() {
        api = TestServer.start(store(), tmp, c -> c);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void registerAnswersExactlyLikeTheOriginalAndListsTheMachine() {
        HttpResponse<String> r = api.post("/api/register", "{\"hostname\": \"vm1\", \"ip_address\": \"10.0.0.12\", \"interface\": \"eth0\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"message\":\"VM registered\"}");

        JsonNode list = json(api.get("/api/vms"));
        assertThat(list.isArray()).isTrue();
        JsonNode vm = list.get(0);
        assertThat(vm.get("hostname").asText()).isEqualTo("vm1");
        assertThat(vm.get("ip_address").asText()).isEqualTo("10.0.0.12");
        assertThat(vm.get("interface").asText()).isEqualTo("eth0");
        assertThat(vm.get("status").asText()).isEqualTo("online");
        assertThat(vm.get("last_seen").asText()).matches(TIME);
        assertThat(vm.get("first_seen").asText()).matches(TIME);
        List<String> fields = new ArrayList<>();
        vm.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("hostname", "ip_address", "interface", "status", "last_seen", "first_seen");
    }

    @Test
    void bodyIsJsonWhateverTheContentTypeSaysAndInterfaceDefaultsToUnknown() {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/register")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"wget-box\",\"ip_address\":\"192.0.2.7\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = json(api.get("/api/v1/machines/wget-box"));
        assertThat(m.get("interface").asText()).isEqualTo("unknown");
    }

    @Test
    void extendedFieldsAreStoredAndShownInTheVersionedApi() {
        String body = """
                {"hostname":"full","ip_address":"2001:db8::5","interface":"ens3","uuid":"4C4C4544-0042-3510-8052-B4C04F4E3732",
                 "interval_seconds":30,"ip_addresses":["2001:db8::5","192.0.2.9"],"os":"Debian GNU/Linux 12","agent_version":"1.2.3",
                 "unknown_field":{"nested":[1,2,3]}}""";
        assertThat(api.post("/api/register", body).statusCode()).isEqualTo(200);
        JsonNode m = json(api.get("/api/v1/machines/full"));
        assertThat(m.get("ip_address").asText()).isEqualTo("2001:db8::5");
        assertThat(m.get("uuid").asText()).isEqualTo("4c4c4544-0042-3510-8052-b4c04f4e3732");
        assertThat(m.get("interval_seconds").asInt()).isEqualTo(30);
        assertThat(m.get("ip_addresses").toString()).isEqualTo("[\"2001:db8::5\",\"192.0.2.9\"]");
        assertThat(m.get("os").asText()).isEqualTo("Debian GNU/Linux 12");
        assertThat(m.get("agent_version").asText()).isEqualTo("1.2.3");
    }

    @Test
    void heartbeatUpsertsByHostnameKeepingFirstSeen() throws Exception {
        api.register("vm1", "10.0.0.1");
        JsonNode first = json(api.get("/api/v1/machines/vm1"));
        Thread.sleep(20);
        api.register("vm1", "10.0.0.2");
        JsonNode second = json(api.get("/api/v1/machines/vm1"));
        assertThat(second.get("first_seen").asText()).isEqualTo(first.get("first_seen").asText());
        assertThat(Instant.parse(second.get("last_seen").asText())).isAfter(Instant.parse(first.get("last_seen").asText()));
        assertThat(second.get("ip_address").asText()).isEqualTo("10.0.0.2");
        assertThat(json(api.get("/api/vms")).size()).isEqualTo(1);
    }

    static Stream<Arguments> badBodies() {
        String longName = "a".repeat(254);
        return Stream.of(
                Arguments.of("{not json", "invalid JSON"),
                Arguments.of("", "invalid JSON"),
                Arguments.of("[1,2]", "JSON object"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\"} trailing", "invalid JSON"),
                Arguments.of("{\"ip_address\":\"10.0.0.1\"}", "hostname is required"),
                Arguments.of("{\"hostname\":\"\",\"ip_address\":\"10.0.0.1\"}", "hostname is required"),
                Arguments.of("{\"hostname\":42,\"ip_address\":\"10.0.0.1\"}", "hostname must be a string"),
                Arguments.of("{\"hostname\":\"vm1\"}", "ip_address is required"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"\"}", "ip_address is required"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"999.1.1.1\"}", "IPv4 or IPv6"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1/24\"}", "IPv4 or IPv6"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"example.com\"}", "IPv4 or IPv6"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.1\"}", "IPv4 or IPv6"),
                Arguments.of("{\"hostname\":\"" + longName + "\",\"ip_address\":\"10.0.0.1\"}", "longer than 253"),
                Arguments.of("{\"hostname\":\"vm 1\",\"ip_address\":\"10.0.0.1\"}", "may only contain"),
                Arguments.of("{\"hostname\":\"vm1;rm -rf /\",\"ip_address\":\"10.0.0.1\"}", "may only contain"),
                Arguments.of("{\"hostname\":\"../etc/passwd\",\"ip_address\":\"10.0.0.1\"}", "may only contain"),
                Arguments.of("{\"hostname\":\"vm\u00e9\",\"ip_address\":\"10.0.0.1\"}", "may only contain"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"interface\":\"" + "e".repeat(65) + "\"}", "interface is longer than 64"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"interface\":\"eth0\\n\"}", "interface contains control"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"os\":\"" + "o".repeat(257) + "\"}", "os is longer than 256"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"os\":\"Debian\\u0007\"}", "os contains control"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"uuid\":\"not-a-uuid\"}", "uuid must be"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"interval_seconds\":0}", "interval_seconds"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"interval_seconds\":\"30\"}", "interval_seconds"),
                Arguments.of("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"ip_addresses\":[\"10.0.0.1\",\"nope\"]}", "ip_addresses"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badRegistrationsGet400WithTheOriginalErrorShapeAndStoreNothing(String body, String message) {
        assertSeedError(api.post("/api/register", body), 400, message);
        assertThat(json(api.get("/api/vms")).size()).isZero();
    }

    @Test
    void bodiesOver64KiBGet413() {
        String body = "{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
        assertSeedError(api.post("/api/register", body), 413, "larger than 65536");
        // Chunked, no Content-Length: the limit holds while reading.
        HttpResponse<String> chunked = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/register")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes()))));
        assertSeedError(chunked, 413, "larger than 65536");
        assertThat(json(api.get("/api/vms")).size()).isZero();
    }

    @Test
    void wrongMethodsGet405WithAllow() {
        HttpResponse<String> r = api.get("/api/register");
        assertSeedError(r, 405, "not allowed");
        assertThat(r.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> put = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/vms"))).PUT(HttpRequest.BodyPublishers.noBody()));
        assertSeedError(put, 405, "not allowed");
        assertThat(put.headers().firstValue("Allow")).contains("GET");
        HttpResponse<String> v1 = api.post("/api/v1/machines/vm1", "{}");
        assertProblem(v1, 405, "not allowed");
        assertThat(v1.headers().firstValue("Allow")).contains("GET, DELETE");
    }

    @Test
    void unknownRoutesGet404() {
        assertSeedError(api.get("/api/nope"), 404, "not found");
        assertProblem(api.get("/api/v1/nope"), 404, "not found");
    }

    @Test
    void listIsSortedByHostname() {
        for (String h : List.of("charlie", "alpha", "bravo", "Zulu")) api.register(h, "10.0.0.1");
        List<String> names = new ArrayList<>();
        json(api.get("/api/vms")).forEach(n -> names.add(n.get("hostname").asText()));
        assertThat(names).containsExactly("Zulu", "alpha", "bravo", "charlie");
    }

    @Test
    void seedDeleteNeedsTheAdminTokenAndTheMachineComesBackOnItsNextHeartbeat() {
        api.register("vm1", "10.0.0.1");
        assertSeedError(api.delete("/api/vms/vm1", null), 401, "sign in");
        assertSeedError(api.delete("/api/vms/vm1", "wrong"), 401, "not a valid API token");
        HttpResponse<String> ok = api.delete("/api/vms/vm1", api.adminToken());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\",\"message\":\"VM deleted\"}");
        assertSeedError(api.delete("/api/vms/vm1", api.adminToken()), 404, "VM not found");
        assertThat(json(api.get("/api/vms")).size()).isZero();
        api.register("vm1", "10.0.0.1");
        assertThat(json(api.get("/api/vms")).size()).isEqualTo(1);
    }

    @Test
    void versionedListingPagesWithAnOpaqueCursorAndFilters() {
        for (int i = 0; i < 25; i++) api.register(String.format("host-%02d", i), "10.0.1." + i);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(api.get("/api/v1/machines?limit=10" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(n -> seen.add(n.get("hostname").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();

        assertThat(json(api.get("/api/v1/machines?q=HOST-1")).get("items")).hasSize(10);
        assertThat(json(api.get("/api/v1/machines?q=10.0.1.2")).get("items")).hasSize(6); // .2 and .20-.24
        assertThat(json(api.get("/api/v1/machines?status=online")).get("items")).hasSize(25);
        assertThat(json(api.get("/api/v1/machines?status=offline")).get("items")).isEmpty();
        assertThat(json(api.get("/api/v1/machines")).get("items")).hasSize(25);
    }

    @Test
    void versionedListingRejectsBadParametersWithProblems() {
        assertProblem(api.get("/api/v1/machines?limit=0"), 400, "limit");
        assertProblem(api.get("/api/v1/machines?limit=1001"), 400, "limit");
        assertProblem(api.get("/api/v1/machines?limit=ten"), 400, "limit");
        assertProblem(api.get("/api/v1/machines?cursor=garbage!"), 400, "cursor");
        assertProblem(api.get("/api/v1/machines?status=asleep"), 400, "status");
        assertProblem(api.get("/api/v1/machines?q=" + "q".repeat(254)), 400, "q is longer");
    }

    @Test
    void versionedGetAndDelete() {
        api.register("vm1", "10.0.0.1");
        assertThat(json(api.get("/api/v1/machines/vm1")).get("status").asText()).isEqualTo("online");
        assertProblem(api.get("/api/v1/machines/nope"), 404, "nope");
        assertProblem(api.delete("/api/v1/machines/vm1", null), 401, "sign in");
        assertThat(api.delete("/api/v1/machines/vm1", api.adminToken()).statusCode()).isEqualTo(204);
        assertProblem(api.delete("/api/v1/machines/vm1", api.adminToken()), 404, "vm1");
    }

    @Test
    void eventsRecordRegistrationAndDeletionNewestFirst() {
        api.register("vm1", "10.0.0.1");
        api.register("vm1", "10.0.0.1");
        api.delete("/api/v1/machines/vm1", api.adminToken());
        JsonNode items = json(api.get("/api/v1/events")).get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("type").asText()).isEqualTo("deleted");
        assertThat(items.get(1).get("type").asText()).isEqualTo("registered");
        assertThat(items.get(1).get("at").asText()).matches(TIME);
        assertThat(json(api.get("/api/v1/events?type=registered")).get("items")).hasSize(1);
        assertThat(json(api.get("/api/v1/events?hostname=other")).get("items")).isEmpty();
        JsonNode firstPage = json(api.get("/api/v1/events?limit=1"));
        JsonNode secondPage = json(api.get("/api/v1/events?limit=1&cursor=" + firstPage.get("next_cursor").asText()));
        assertThat(secondPage.get("items").get(0).get("type").asText()).isEqualTo("registered");
        assertProblem(api.get("/api/v1/events?type=exploded"), 400, "type");
        assertProblem(api.get("/api/v1/events?cursor=%25%25"), 400, "cursor");
    }

    @Test
    void machinesGoOfflineComeBackAndAreRemovedWithEvents() {
        api.close();
        api = TestServer.start(store(), tmp.resolve("fast"), c -> c.withLiveness(new LivenessPolicy(
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1500))));
        api.register("vm1", "10.0.0.1");
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/machines/vm1")).get("status").asText().equals("offline"));
        assertThat(json(api.get("/api/vms")).get(0).get("status").asText()).isEqualTo("offline");
        api.register("vm1", "10.0.0.1");
        assertThat(json(api.get("/api/v1/machines/vm1")).get("status").asText()).isEqualTo("online");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/machines/vm1").statusCode() == 404);
        List<String> types = new ArrayList<>();
        json(api.get("/api/v1/events?hostname=vm1")).get("items").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsSubsequence("removed", "online", "offline", "registered");
    }

    @Test
    void theOfflineThresholdIsAtLeastOneAndAHalfAnnouncedIntervals() {
        api.close();
        api = TestServer.start(store(), tmp.resolve("interval"), c -> c.withLiveness(new LivenessPolicy(
                Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofSeconds(300))));
        api.post("/api/register", "{\"hostname\":\"slow\",\"ip_address\":\"10.0.0.1\",\"interval_seconds\":2}");
        api.register("plain", "10.0.0.2");
        await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/machines/plain")).get("status").asText().equals("offline"));
        // 300 ms have passed for "plain"; "slow" announced 2 s, so it stays online until 3 s.
        assertThat(json(api.get("/api/v1/machines/slow")).get("status").asText()).isEqualTo("online");
        await().atMost(Duration.ofSeconds(6)).until(() -> json(api.get("/api/v1/machines/slow")).get("status").asText().equals("offline"));
    }

    @Test
    void machinesSurviveARestartWithTheirFirstSeen() {
        api.register("keeper", "10.0.0.9");
        String firstSeen = json(api.get("/api/v1/machines/keeper")).get("first_seen").asText();
        api.restart();
        JsonNode after = json(api.get("/api/v1/machines/keeper"));
        assertThat(after.get("first_seen").asText()).isEqualTo(firstSeen);
        assertThat(after.get("ip_address").asText()).isEqualTo("10.0.0.9");
        // Events continue after the restart with fresh ids.
        api.register("second", "10.0.0.10");
        JsonNode events = json(api.get("/api/v1/events")).get("items");
        assertThat(events.get(0).get("id").asLong()).isGreaterThan(events.get(1).get("id").asLong());
    }

    @Test
    void aRepeatedHeartbeatIsStoredAndAChangedOneIsStoredWhole() throws Exception {
        api.register("steady", "10.0.0.9");
        api.server().flush();
        Thread.sleep(5);
        api.register("steady", "10.0.0.9"); // unchanged: only last_seen is written
        api.register("moved", "10.0.0.1");
        api.server().flush();
        api.register("moved", "10.0.0.2"); // changed: the whole row is written
        String lastSeen = json(api.get("/api/v1/machines/steady")).get("last_seen").asText();
        api.restart();
        assertThat(json(api.get("/api/v1/machines/steady")).get("last_seen").asText()).isEqualTo(lastSeen);
        assertThat(json(api.get("/api/v1/machines/moved")).get("ip_address").asText()).isEqualTo("10.0.0.2");
    }

    @Test
    void registrationTokenWhenConfigured() {
        api.close();
        api = TestServer.start(store(), tmp.resolve("token"), c -> c.withRegistrationToken("s3cret-'token"));
        assertSeedError(api.post("/api/register", "{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\"}"), 401, "registration");
        HttpResponse<String> wrong = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/register")))
                .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\"}")));
        assertSeedError(wrong, 401, "not valid");
        HttpResponse<String> right = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/register")))
                .header("Authorization", "Bearer s3cret-'token").POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.1\"}")));
        assertThat(right.statusCode()).isEqualTo(200);
        // install.sh embeds the token, escaped for its single-quoted context.
        assertThat(api.get("/install.sh").body()).contains("'s3cret-'\\''token'");
    }

    @Test
    void installScriptIsRenderedForTheUrlItWasFetchedFrom() {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(api.plainUrl("/install.sh"))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("#!/bin/sh").contains("'http://127.0.0.1:" + api.server().httpPort() + "'")
                .doesNotContain("__DROVER_URL__", "__DROVER_TOKEN__");
        assertThat(api.get("/install.sh").body()).contains("'https://127.0.0.1:" + api.httpsPort() + "'");
        api.close();
        api = TestServer.start(store(), tmp.resolve("public"), c -> c.withPublicUrl("https://drover.example:8443"));
        assertThat(api.get("/install.sh").body()).contains("'https://drover.example:8443'");
    }

    @Test
    void healthAndDocs() {
        assertThat(json(api.get("/healthz")).get("status").asText()).isEqualTo("ok");
        assertThat(api.get("/api/openapi.yaml").body()).startsWith("openapi: 3");
        assertThat(api.get("/api/docs").body()).contains("swagger-ui");
        assertThat(api.get("/api/docs/assets/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(api.get("/").statusCode()).isEqualTo(200);
    }
}
