package io.drover.server.audit;

import io.drover.server.testing.ApiAssertions;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail over HTTP, once per store (subclasses): what is recorded, filters, paging, restart. */
abstract class AuditApiContract {
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

    /** Records TestServer itself makes: its sign-in as admin and the API token it makes then. */
    static final int SETUP = 2;

    /** Every record matching {@code query}, newest first, following the cursor. */
    List<JsonNode> audit(String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String q = query + (cursor == null ? "" : (query.isEmpty() ? "" : "&") + "cursor=" + cursor);
            HttpResponse<String> r = api.get("/api/v1/audit" + (q.isEmpty() ? "" : "?" + q));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            page.get("items").forEach(all::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return all;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    JsonNode only(String query) {
        List<JsonNode> found = audit(query);
        assertThat(found).as(query).hasSize(1);
        return found.get(0);
    }

    HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return api.send(b);
    }

    @Test
    void eachKindOfChangeIsRecordedWithWhoWhatAndHowItWent() {
        String admin = api.adminToken();
        HttpResponse<String> tokenMade = send("POST", "/api/v1/hosts/join-tokens", "", admin);
        assertThat(tokenMade.statusCode()).isEqualTo(201);
        String joinToken = json(tokenMade).get("token").asText();
        HttpResponse<String> joined = send("POST", "/api/v1/hosts/join", TestServer.joinBody(joinToken, "kvm-01"), null);
        assertThat(joined.statusCode()).isEqualTo(201);
        String hostId = json(joined).get("host_id").asText();
        String certificate = json(joined).get("certificate").asText();
        assertThat(send("POST", "/api/v1/hosts/" + hostId + "/disable", null, admin).statusCode()).isEqualTo(200);
        send("DELETE", "/api/v1/hosts/" + hostId, null, admin);
        assertThat(send("DELETE", "/api/v1/machines/ghost", null, admin).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/vms/ghost-vm/stop", "{}", admin).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/vms", "{}", admin).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/tasks/no-task/cancel", null, admin).statusCode()).isEqualTo(404);
        send("POST", "/api/v1/images", "{\"name\":\"x\"}", admin);
        send("DELETE", "/api/vms/seed-ghost", null, admin);
        // Not recorded: reads and heartbeats.
        api.get("/api/v1/hosts");
        api.get("/api/v1/vms");
        for (int i = 0; i < 5; i++) api.register("tracked-" + i, "10.0.0." + i);

        JsonNode made = only("route=" + enc("/api/v1/hosts/join-tokens"));
        assertThat(made.get("actor").asText()).isEqualTo("admin");
        assertThat(made.get("actor_kind").asText()).isEqualTo("user");
        assertThat(made.get("via").asText()).isEqualTo("token");
        assertThat(made.get("method").asText()).isEqualTo("POST");
        assertThat(made.get("status").asInt()).isEqualTo(201);
        assertThat(made.get("outcome").asText()).isEqualTo("ok");
        assertThat(made.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(made.get("at").asText()).matches(ApiAssertions.TIME);
        assertThat(made.has("detail")).isFalse();

        JsonNode join = only("route=" + enc("/api/v1/hosts/join"));
        assertThat(join.get("actor").asText()).as("anyone may join").isEqualTo("anonymous");
        assertThat(join.get("outcome").asText()).isEqualTo("ok");

        JsonNode disable = only("route=" + enc("/api/v1/hosts/{id}/disable"));
        assertThat(disable.get("target").asText()).isEqualTo(hostId);
        assertThat(disable.get("path").asText()).isEqualTo("/api/v1/hosts/" + hostId + "/disable");
        assertThat(only("route=" + enc("/api/v1/hosts/{id}") + "&method=DELETE").get("target").asText()).isEqualTo(hostId);

        JsonNode machine = only("route=" + enc("/api/v1/machines/{hostname}"));
        assertThat(machine.get("target").asText()).isEqualTo("ghost");
        assertThat(machine.get("status").asInt()).isEqualTo(404);
        assertThat(machine.get("outcome").asText()).isEqualTo("failed");
        assertThat(machine.get("detail").asText()).contains("ghost");
        assertThat(only("route=" + enc("/api/v1/vms/{id}/stop")).get("target").asText()).isEqualTo("ghost-vm");
        assertThat(only("route=" + enc("/api/v1/vms") + "&method=POST").get("status").asInt()).isEqualTo(400);
        assertThat(only("route=" + enc("/api/v1/tasks/{id}/cancel")).get("target").asText()).isEqualTo("no-task");
        assertThat(only("route=" + enc("/api/v1/images")).get("method").asText()).isEqualTo("POST");
        assertThat(only("route=" + enc("/api/vms/{hostname}")).get("target").asText()).isEqualTo("seed-ghost");

        List<JsonNode> all = audit("");
        assertThat(all).as("10, and the tests' own sign-in and API token").hasSize(SETUP + 10);
        assertThat(all).noneMatch(r -> r.get("method").asText().equals("GET"));
        assertThat(all).noneMatch(r -> r.get("route").asText().equals("/api/register"));
        String dump = all.toString();
        assertThat(dump).doesNotContain(admin).doesNotContain(joinToken).doesNotContain(certificate.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void refusedRequestsAreRecordedAsDeniedWithoutTheCredentialsTried() {
        String forged = "drv_ForgedForgedForgedForgedForged";
        assertProblem(send("POST", "/api/v1/hosts/join-tokens", "", null), 401, "");
        assertProblem(send("POST", "/api/v1/hosts/join-tokens", "", forged), 401, "not a valid API token");
        assertProblem(send("DELETE", "/api/v1/vms/web-1", null, "drv_also-wrong-but-long"), 401, "");
        assertProblem(send("POST", "/api/v1/hosts/join", TestServer.joinBody("djt_guessedGuessedGuessed", "x"), null), 401, "not valid");
        assertThat(api.getAnonymous("/api/v1/audit").statusCode()).as("the trail needs audit_read").isEqualTo(401);

        List<JsonNode> denied = audit("outcome=denied");
        assertThat(denied).hasSize(4);
        assertThat(denied).allMatch(r -> r.get("status").asInt() == 401 && r.get("actor").asText().equals("anonymous")
                && r.get("via").asText().equals("none"));
        assertThat(denied.get(0).get("route").asText()).as("newest first").isEqualTo("/api/v1/hosts/join");
        assertThat(only("outcome=denied&method=DELETE").get("target").asText()).isEqualTo("web-1");
        assertThat(audit("").toString()).doesNotContain("Forged").doesNotContain("guessed").doesNotContain("also-wrong");
    }

    /** Issue 10, finding 9: a refused but authenticated caller was recorded as anonymous, with no user or token. */
    @Test
    void aKnownCallerRefusedByItsRoleIsRecordedAsThemselves() {
        String viewer = api.userToken("nosy-viewer", "viewer");
        assertProblem(send("POST", "/api/v1/users", "{\"username\":\"mallory\"}", viewer), 403, "does not include");
        JsonNode refused = only("outcome=denied&route=" + enc("/api/v1/users"));
        assertThat(refused.get("status").asInt()).isEqualTo(403);
        assertThat(refused.get("actor").asText()).isEqualTo("nosy-viewer");
        assertThat(refused.get("actor_kind").asText()).isEqualTo("user");
        assertThat(refused.get("via").asText()).isEqualTo("token");
        assertThat(refused.get("user_id").asText()).isEqualTo(json(api.get("/api/v1/users/nosy-viewer")).get("id").asText());
        assertThat(refused.get("token_id").asText()).isEqualTo(json(api.as(viewer, "GET", "/api/v1/auth/tokens", null)).get("items").get(0).get("id").asText());
    }

    @Test
    void filtersCombineAndPagesFollowTheCursorNewestFirst() {
        String admin = api.adminToken();
        for (int i = 0; i < 5; i++) send("DELETE", "/api/v1/machines/m" + i, null, admin);
        send("POST", "/api/v1/hosts/join-tokens", "", admin);
        send("POST", "/api/v1/hosts/join-tokens", "", null);

        assertThat(audit("route=" + enc("/api/v1/machines/{hostname}"))).hasSize(5);
        assertThat(only("target=m3").get("path").asText()).isEqualTo("/api/v1/machines/m3");
        assertThat(audit("actor=admin")).hasSize(SETUP + 6);
        assertThat(audit("actor=anonymous")).hasSize(1);
        assertThat(audit("outcome=failed&method=delete")).hasSize(5);
        assertThat(audit("outcome=ok")).hasSize(SETUP + 1);
        assertThat(audit("since=2999-01-01T00:00:00Z")).isEmpty();
        assertThat(audit("until=2000-01-01T00:00:00Z")).isEmpty();
        assertThat(audit("since=2000-01-01T00:00:00Z&until=" + enc("2999-01-01T00:00:00+02:00"))).hasSize(SETUP + 7);
        assertProblem(api.get("/api/v1/audit?since=yesterday"), 400, "RFC 3339");
        assertProblem(api.get("/api/v1/audit?outcome=maybe"), 400, "outcome");
        assertProblem(api.get("/api/v1/audit?method=BREW"), 400, "method");
        assertProblem(api.get("/api/v1/audit?cursor=nonsense"), 400, "cursor");
        assertProblem(api.get("/api/v1/audit?limit=0"), 400, "limit");

        List<Long> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(api.get("/api/v1/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.get("items").size()).isBetween(1, 2);
            page.get("items").forEach(r -> ids.add(r.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(5);
        assertThat(ids).hasSize(SETUP + 7).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        JsonNode newest = json(api.get("/api/v1/audit?limit=1")).get("items").get(0);
        assertThat(newest.get("actor").asText()).isEqualTo("anonymous");
    }

    @Test
    void recordsOutliveARestart() {
        String admin = api.adminToken();
        for (int i = 0; i < 20; i++) send("DELETE", "/api/v1/machines/r" + i, null, admin);
        // No read before the restart: what is stored was flushed when the server stopped.
        api.restart();
        List<JsonNode> all = audit("route=" + enc("/api/v1/machines/{hostname}"));
        assertThat(all).hasSize(20);
        assertThat(StreamSupport.stream(all.spliterator(), false).map(r -> r.get("target").asText()))
                .contains("r0", "r19");
    }
}
