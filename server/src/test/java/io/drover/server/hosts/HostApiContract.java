package io.drover.server.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.cert.X509Certificate;
import static io.drover.server.testing.ApiAssertions.TIME;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import io.drover.server.testing.TestTls;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Join tokens, joining and the host routes, once per store (subclasses). */
abstract class HostApiContract {
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

    String joinToken(String body) {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/hosts/join-tokens", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode token = json(r);
        assertThat(token.get("expires_at").asText()).matches(TIME);
        return token.get("token").asText();
    }

    HttpResponse<String> join(String token, String name) {
        return api.post("/api/v1/hosts/join", "{\"join_token\":\"" + token + "\",\"name\":\"" + name + "\",\"csr\":"
                + quoted(TestTls.csr(TestTls.newKey(), name)) + "}");
    }

    static String quoted(String value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAgentJoinsOnceWithItsTokenAndTheHostIsListed() {
        String token = joinToken("");
        assertThat(token).startsWith("djt_");
        HttpResponse<String> joined = join(token, "kvm-01");
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(201);
        String id = json(joined).get("host_id").asText();
        JsonNode reply = json(joined);
        assertThat(reply.has("credential")).as("no bearer credential any more").isFalse();
        X509Certificate cert = TestTls.certificate(reply.get("certificate").asText());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + id);
        assertThat(reply.get("ca_fingerprint").asText()).isEqualTo(api.server().certificateAuthority().fingerprint()).matches("sha256:[0-9a-f]{64}");
        assertThat(api.server().certificateAuthority().signed(cert)).isTrue();
        assertThat(reply.get("not_after").asText()).matches(TIME);

        assertProblem(join(token, "kvm-02"), 401, "already used");
        assertProblem(join("djt_made-up", "kvm-02"), 401, "not valid");

        JsonNode host = json(api.get("/api/v1/hosts/" + id));
        assertThat(host.get("name").asText()).isEqualTo("kvm-01");
        assertThat(host.get("status").asText()).as("no heartbeat yet").isEqualTo("offline");
        assertThat(host.get("enabled").asBoolean()).isTrue();
        assertThat(host.get("vm_count").asInt()).isZero();
        assertThat(host.get("joined_at").asText()).matches(TIME);
        assertThat(host.has("last_heartbeat")).isFalse();
        JsonNode page = json(api.get("/api/v1/hosts"));
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void aJoinTokenForAProjectDedicatesTheHostToItAndNamesOnlyAProjectThatExists() {
        api.createProject("shop");
        String id = json(join(joinToken("{\"project\":\"shop\"}"), "kvm-shop")).get("host_id").asText();
        assertThat(json(api.get("/api/v1/hosts/" + id)).get("project").asText()).isEqualTo("shop");
        assertProblem(api.postAsAdmin("/api/v1/hosts/join-tokens", "{\"project\":\"nope\"}"), 404, "no project nope");
        assertProblem(api.postAsAdmin("/api/v1/hosts/join-tokens", "{\"project\":\"../etc\"}"), 400, "project name");
        assertProblem(api.delete("/api/v1/projects/shop", api.adminToken()), 409, "dedicated hosts");
    }

    @Test
    void aHostDedicatedToAnotherProjectIsNeitherListedNorShown() {
        api.createProject("shop");
        api.createProject("bank");
        String shared = json(join(joinToken(""), "kvm-shared")).get("host_id").asText();
        String shop = json(join(joinToken("{\"project\":\"shop\"}"), "kvm-shop")).get("host_id").asText();
        String bank = json(join(joinToken("{\"project\":\"bank\"}"), "kvm-bank")).get("host_id").asText();
        String viewer = api.userToken("shop-viewer", "viewer", "shop");
        assertThat(json(api.as(viewer, "GET", "/api/v1/hosts", null)).get("items")).extracting(h -> h.get("name").asText())
                .containsExactly("kvm-shared", "kvm-shop");
        assertThat(api.as(viewer, "GET", "/api/v1/hosts/" + shop, null).statusCode()).isEqualTo(200);
        assertThat(api.as(viewer, "GET", "/api/v1/hosts/" + shared, null).statusCode()).isEqualTo(200);
        HttpResponse<String> other = api.as(viewer, "GET", "/api/v1/hosts/" + bank, null);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("kvm-bank", "bank\"");
        // Paging with the filter: one to a page still gives both.
        JsonNode first = json(api.as(viewer, "GET", "/api/v1/hosts?limit=1", null));
        assertThat(first.get("items")).extracting(h -> h.get("name").asText()).containsExactly("kvm-shared");
        JsonNode second = json(api.as(viewer, "GET", "/api/v1/hosts?limit=1&cursor=" + first.get("next_cursor").asText(), null));
        assertThat(second.get("items")).extracting(h -> h.get("name").asText()).containsExactly("kvm-shop");
        assertThat(json(api.get("/api/v1/hosts")).get("items")).as("an admin sees every host").hasSize(3);
    }

    @Test
    void anExpiredTokenIsRefusedAndSaysSo() throws Exception {
        String token = joinToken("{\"ttl_seconds\": 1}");
        Thread.sleep(1100);
        assertProblem(join(token, "late"), 401, "expired");
        assertThat(json(api.get("/api/v1/hosts")).get("items")).isEmpty();
    }

    @Test
    void twoAgentsRacingWithOneTokenCannotBothJoin() {
        String token = joinToken("");
        List<CompletableFuture<Integer>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "racer-" + i;
            tries.add(CompletableFuture.supplyAsync(() -> join(token, name).statusCode()));
        }
        List<Integer> statuses = tries.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(7);
        assertThat(json(api.get("/api/v1/hosts")).get("items")).hasSize(1);
    }

    @Test
    void creatingTokensAndChangingHostsNeedsTheAdminToken() {
        assertProblem(api.post("/api/v1/hosts/join-tokens", ""), 401, "sign in");
        String id = json(join(joinToken(""), "kvm-01")).get("host_id").asText();
        assertProblem(api.post("/api/v1/hosts/" + id + "/disable", ""), 401, "sign in");
        assertProblem(api.delete("/api/v1/hosts/" + id, null), 401, "sign in");
        assertProblem(api.delete("/api/v1/hosts/" + id, "drv_wrong"), 401, "not a valid API token");
    }

    @Test
    void disableEnableAndDelete() {
        String id = json(join(joinToken(""), "kvm-01")).get("host_id").asText();
        HttpResponse<String> disabled = api.postAsAdmin("/api/v1/hosts/" + id + "/disable", "");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(json(disabled).get("enabled").asBoolean()).isFalse();
        assertThat(json(api.get("/api/v1/hosts/" + id)).get("enabled").asBoolean()).isFalse();
        assertThat(json(api.postAsAdmin("/api/v1/hosts/" + id + "/enable", "")).get("enabled").asBoolean()).isTrue();

        assertProblem(api.delete("/api/v1/hosts/" + id + "?force=maybe", api.adminToken()), 400, "force");
        assertThat(api.delete("/api/v1/hosts/" + id, api.adminToken()).statusCode()).isEqualTo(204);
        assertProblem(api.get("/api/v1/hosts/" + id), 404, id);
        assertProblem(api.delete("/api/v1/hosts/" + id, api.adminToken()), 404, id);
        assertProblem(api.postAsAdmin("/api/v1/hosts/nope/enable", ""), 404, "nope");
    }

    @Test
    void badInputIsAClearProblemAndStoresNothing() {
        String token = joinToken("");
        assertProblem(api.post("/api/v1/hosts/join", "{not json"), 400, "invalid JSON");
        assertProblem(api.post("/api/v1/hosts/join", "{\"name\":\"kvm-01\"}"), 400, "join_token is required");
        assertProblem(join(token, ""), 400, "name is required");
        assertProblem(join(token, "kvm 01; rm -rf /"), 400, "name may only contain");
        assertProblem(join(token, "x".repeat(254)), 400, "longer than 253");
        assertProblem(api.postAsAdmin("/api/v1/hosts/join-tokens", "{\"ttl_seconds\": 0}"), 400, "ttl_seconds");
        assertProblem(api.postAsAdmin("/api/v1/hosts/join-tokens", "{\"ttl_seconds\": \"soon\"}"), 400, "invalid JSON");
        assertProblem(api.postAsAdmin("/api/v1/hosts/join-tokens", "[1]"), 400, "invalid JSON");
        assertProblem(api.get("/api/v1/hosts?limit=0"), 400, "limit");
        assertProblem(api.get("/api/v1/hosts?cursor=garbage"), 400, "cursor");
        assertThat(json(api.get("/api/v1/hosts")).get("items")).isEmpty();
        // The token survived the bad attempts: nothing was used up.
        assertThat(join(token, "kvm-01").statusCode()).isEqualTo(201);
    }

    @Test
    void pagesFollowNameOrder() {
        for (String name : List.of("c", "a", "b")) assertThat(join(joinToken(""), name).statusCode()).isEqualTo(201);
        // A name another host has is refused after the token is checked, and the token stays usable.
        String token = joinToken("");
        assertProblem(join(token, "a"), 409, "the host name a is not available");
        assertProblem(join("djt_made-up", "a"), 401, "not valid");
        assertThat(join(token, "d").statusCode()).isEqualTo(201);
        JsonNode first = json(api.get("/api/v1/hosts?limit=3"));
        assertThat(first.get("items")).extracting(n -> n.get("name").asText()).containsExactly("a", "b", "c");
        JsonNode second = json(api.get("/api/v1/hosts?limit=3&cursor=" + first.get("next_cursor").asText()));
        assertThat(second.get("items")).extracting(n -> n.get("name").asText()).containsExactly("d");
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void hostsAndUsedTokensSurviveARestart() {
        String token = joinToken("");
        String id = json(join(token, "kvm-01")).get("host_id").asText();
        api.restart();
        assertThat(json(api.get("/api/v1/hosts/" + id)).get("name").asText()).isEqualTo("kvm-01");
        assertProblem(join(token, "kvm-01"), 401, "already used");
    }
}
