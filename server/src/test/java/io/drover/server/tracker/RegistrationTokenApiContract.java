package io.drover.server.tracker;

import static io.drover.server.testing.ApiAssertions.TIME;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-project registration tokens, once per store: a tracker that reports with a project's token
 * lands in that project, the install script embeds the token it was asked for, machines are seen
 * only by members of their project, and a revoked token or a deleted project stops admitting.
 */
abstract class RegistrationTokenApiContract {
    @TempDir
    Path tmp;
    TestServer api;
    String shopOperator;
    String defaultViewer;

    abstract TestStores store();

    @BeforeEach
    void start() {
        api = TestServer.start(store(), tmp, c -> c.withRegistrationToken("server-wide-token"));
        api.createProject("shop");
        shopOperator = api.userToken("shop-op", "operator", "shop");
        defaultViewer = api.userToken("default-viewer", "viewer", "default");
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    private HttpResponse<String> register(String token, String hostname) {
        return api.as(token, "POST", "/api/register", "{\"hostname\":\"" + hostname + "\",\"ip_address\":\"10.1.2.3\",\"interface\":\"eth0\"}");
    }

    private JsonNode createToken(String token, String project, String name) {
        HttpResponse<String> r = api.as(token, "POST", "/api/v1/projects/" + project + "/registration-tokens", "{\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void aMachineReportingWithAProjectTokenLandsInThatProjectAndOnlyItsMembersSeeIt() {
        JsonNode made = createToken(shopOperator, "shop", "racks 1-4");
        String token = made.get("token").asText();
        assertThat(token).startsWith("drt_");
        assertThat(made.get("project").asText()).isEqualTo("shop");
        assertThat(made.get("created_by").asText()).isEqualTo("shop-op");
        assertThat(made.get("created_at").asText()).matches(TIME);
        assertThat(made.get("install_command").asText())
                .startsWith("curl -fsSL ").endsWith("/install.sh?token=" + token + "' | sh");

        assertThat(register(token, "web-1").statusCode()).isEqualTo(200);
        assertThat(register("server-wide-token", "db-1").statusCode()).isEqualTo(200);

        JsonNode web = json(api.as(shopOperator, "GET", "/api/v1/machines/web-1", null));
        assertThat(web.get("project").asText()).isEqualTo("shop");
        assertThat(json(api.as(shopOperator, "GET", "/api/v1/machines", null)).get("items"))
                .extracting(m -> m.get("hostname").asText()).containsExactly("web-1");
        assertThat(json(api.as(defaultViewer, "GET", "/api/v1/machines", null)).get("items"))
                .extracting(m -> m.get("hostname").asText()).containsExactly("db-1");
        assertThat(json(api.get("/api/v1/machines")).get("items")).hasSize(2);
        assertThat(json(api.get("/api/v1/machines?project=shop")).get("items"))
                .extracting(m -> m.get("hostname").asText()).containsExactly("web-1");
        assertThat(json(api.as(defaultViewer, "GET", "/api/v1/machines?project=shop", null)).get("items"))
                .as("a filter on a project the caller is not in shows nothing").isEmpty();
        // The original tracker's listing keeps to the caller's projects too.
        assertThat(json(api.as(defaultViewer, "GET", "/api/vms", null))).extracting(m -> m.get("hostname").asText()).containsExactly("db-1");

        assertThat(api.as(defaultViewer, "GET", "/api/v1/machines/web-1", null).statusCode()).isEqualTo(404);
        assertThat(api.as(shopOperator, "DELETE", "/api/v1/machines/db-1", null).statusCode()).isEqualTo(404);
        assertThat(api.as(shopOperator, "DELETE", "/api/vms/db-1", null).statusCode()).isEqualTo(404);
        assertThat(json(api.get("/api/v1/machines/db-1")).get("project").asText()).isEqualTo("default");
    }

    @Test
    void aProjectTokenCannotTakeOverAHostnameAnotherProjectTracks() {
        String token = createToken(shopOperator, "shop", "shop").get("token").asText();
        assertThat(register("server-wide-token", "db-1").statusCode()).isEqualTo(200);
        HttpResponse<String> taken = register(token, "db-1");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("tracked in another project").doesNotContain("default");
        assertThat(json(api.get("/api/v1/machines/db-1")).get("project").asText()).isEqualTo("default");
    }

    @Test
    void installShEmbedsTheProjectTokenItWasAskedForAndRefusesOneThatIsNotLive() {
        String token = createToken(shopOperator, "shop", "shop").get("token").asText();
        HttpResponse<String> script = api.getAnonymous("/install.sh?token=" + token);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(script.body()).contains("'" + token + "'").doesNotContain("server-wide-token");
        assertThat(api.getAnonymous("/install.sh").body()).contains("'server-wide-token'").doesNotContain(token);

        HttpResponse<String> forged = api.getAnonymous("/install.sh?token=drt_forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("not a live registration token").doesNotContain("#!/");
    }

    @Test
    void tokensAreListedWithoutTheirSecretAndARevokedOneStopsAdmittingMachines() {
        JsonNode made = createToken(shopOperator, "shop", "old");
        String token = made.get("token").asText();
        assertThat(register(token, "web-1").statusCode()).isEqualTo(200);

        HttpResponse<String> listed = api.as(shopOperator, "GET", "/api/v1/projects/shop/registration-tokens", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(token).doesNotContain("install_command");
        assertThat(json(listed).get("items")).extracting(t -> t.get("name").asText()).containsExactly("old");

        assertThat(api.as(shopOperator, "DELETE", "/api/v1/projects/shop/registration-tokens/" + made.get("id").asText(), null).statusCode())
                .isEqualTo(204);
        HttpResponse<String> refused = register(token, "web-1");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("not valid");
        assertThat(json(api.as(shopOperator, "GET", "/api/v1/projects/shop/registration-tokens", null)).get("items").get(0)
                .get("revoked_at").asText()).matches(TIME);
        assertThat(api.as(shopOperator, "DELETE", "/api/v1/projects/shop/registration-tokens/" + made.get("id").asText(), null).statusCode())
                .as("already revoked").isEqualTo(404);

        // Both changes are in the audit log, by whom and on what, but never the secret.
        HttpResponse<String> audit = api.get("/api/v1/audit?actor=shop-op");
        assertThat(audit.body()).doesNotContain(token);
        assertThat(json(audit).get("items")).extracting(r -> r.get("method").asText() + " " + r.get("route").asText() + " " + r.get("status").asInt())
                .contains("POST /api/v1/projects/{name}/registration-tokens 201",
                        "DELETE /api/v1/projects/{name}/registration-tokens/{id} 204",
                        "DELETE /api/v1/projects/{name}/registration-tokens/{id} 404");
    }

    @Test
    void onlyMembersWhoMayChangeMachinesManageAProjectsTokens() {
        String viewer = api.userToken("shop-viewer", "viewer", "shop");
        assertThat(api.as(viewer, "GET", "/api/v1/projects/shop/registration-tokens", null).statusCode()).isEqualTo(200);
        assertThat(api.as(viewer, "POST", "/api/v1/projects/shop/registration-tokens", "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        String otherOperator = api.userToken("default-op", "operator", "default");
        assertThat(api.as(otherOperator, "POST", "/api/v1/projects/shop/registration-tokens", "{\"name\":\"x\"}").statusCode())
                .as("not revealed to outsiders").isEqualTo(404);
        assertThat(api.as(api.adminToken(), "GET", "/api/v1/projects/nope/registration-tokens", null).statusCode()).isEqualTo(404);
        assertThat(api.as(api.adminToken(), "POST", "/api/v1/projects/Bad..Name/registration-tokens", "{\"name\":\"x\"}").statusCode())
                .isEqualTo(400);
        assertThat(api.as(shopOperator, "POST", "/api/v1/projects/shop/registration-tokens", "{\"name\":\"$(reboot)\"}").statusCode())
                .isEqualTo(400);
        assertThat(json(api.as(api.adminToken(), "GET", "/api/v1/projects/shop/registration-tokens", null)).get("items"))
                .as("nothing stored by the refused requests").isEmpty();
    }

    @Test
    void deletingAProjectRevokesItsTokensSoAProjectMadeLaterUnderTheNameDoesNotInheritThem() {
        api.createProject("temp");
        String token = createToken(api.adminToken(), "temp", "t").get("token").asText();
        assertThat(api.as(api.adminToken(), "DELETE", "/api/v1/projects/temp", null).statusCode()).isEqualTo(204);
        api.createProject("temp");
        assertThat(register(token, "ghost").statusCode()).isEqualTo(401);
    }
}
