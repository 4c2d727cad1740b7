package io.drover.server.identity.ldap;

import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.store.Database;
import io.drover.server.store.Settings;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LDAP login end to end, once per store (subclasses): an admin configures the directory over the
 * API, users of the in-memory directory log in with the role and projects their groups map to.
 * Mapped: drover-admins (alice) to admin, drover-operators (alice, bob) to operator with the
 * projects ops and gone (which does not exist); carol's drover-viewers is deliberately unmapped.
 */
abstract class LdapLoginApiContract {
    @TempDir
    Path tmp;
    TestServer api;
    TestDirectory directory;

    abstract TestStores store();

    @BeforeEach
    void start() throws Exception {
        directory = new TestDirectory();
        api = TestServer.start(store(), tmp, c -> c);
        assertThat(api.postAsAdmin("/api/v1/projects", "{\"name\":\"ops\"}").statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
        directory.close();
    }

    String settings(String operatorRole, String password) {
        return settings(directory.url(), operatorRole, password);
    }

    static String settings(String url, String operatorRole, String password) {
        return "{\"url\":\"" + url + "\",\"bind_dn\":\"" + TestDirectory.SERVICE_DN + "\","
                + (password == null ? "" : "\"bind_password\":\"" + password + "\",")
                + "\"user_base\":\"ou=people," + TestDirectory.BASE + "\",\"group_base\":\"ou=groups," + TestDirectory.BASE + "\","
                + "\"group_roles\":{\"drover-admins\":\"admin\",\"drover-operators\":\"" + operatorRole + "\"},"
                + "\"group_projects\":{\"drover-operators\":[\"ops\",\"gone\"]},"
                + "\"connect_timeout_ms\":2000,\"response_timeout_ms\":2000}";
    }

    HttpResponse<String> put(String path, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.url(path))).header("Authorization", "Bearer " + api.adminToken())
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> login(String username, String password) {
        return api.post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    void configure() {
        HttpResponse<String> saved = put("/api/v1/settings/ldap?check=true", settings("operator", TestDirectory.SERVICE_PASSWORD));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    @Test
    void directoryUsersLogInWithTheRoleAndProjectsTheirGroupsMapTo() {
        configure();
        // alice: admin through drover-admins (the highest of her groups), and acts as one.
        HttpResponse<String> in = login("alice", "alice-pw");
        assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        JsonNode alice = json(in).get("user");
        assertThat(alice.get("source").asText()).isEqualTo("ldap");
        assertThat(alice.get("role").asText()).isEqualTo("admin");
        String aliceToken = api.tokenFor("alice", "alice-pw");
        HttpResponse<String> created = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/users")))
                .header("Authorization", "Bearer " + aliceToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"made-by-alice\",\"password\":\"made-by-alice-pw1\",\"role\":\"viewer\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // bob: operator in ops (the mapped project that does not exist is left out); no user admin.
        TestServer.Session bob = api.login("bob", "bob-pw");
        JsonNode who = json(api.send(bob.request("/api/v1/auth/session").GET())).get("user");
        assertThat(who.get("role").asText()).isEqualTo("operator");
        assertThat(who.get("source").asText()).isEqualTo("ldap");
        assertThat(who.get("projects")).extracting(JsonNode::asText).containsExactly("ops");
        HttpResponse<String> refused = api.send(bob.request("/api/v1/users")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"made-by-bob\"}")));
        assertProblem(refused, 403, "operator");
        assertProblem(api.send(bob.request("/api/v1/settings/ldap").GET()), 403, "operator");
        assertThat(api.send(bob.request("/api/v1/vms").GET()).statusCode()).isEqualTo(200);
        assertThat(api.send(bob.request("/api/v1/hosts").GET()).statusCode()).isEqualTo(200);

        // No mapped group, wrong password, unknown user: the same answer as a wrong local password.
        assertProblem(login("carol", "carol-pw"), 401, "the username or password is wrong");
        assertProblem(login("bob", "not-bobs"), 401, "the username or password is wrong");
        assertProblem(login("nobody", "whatever"), 401, "the username or password is wrong");
        assertProblem(login("admin", "wrong-password"), 401, "the username or password is wrong");
        assertThat(json(api.get("/api/v1/users")).get("items")).extracting(u -> u.get("username").asText())
                .contains("alice", "bob").doesNotContain("carol", "nobody");

        // The mapping is read again at every login: bob demoted to viewer.
        assertThat(put("/api/v1/settings/ldap", settings("viewer", null)).statusCode()).isEqualTo(200);
        assertThat(json(login("bob", "bob-pw")).at("/user/role").asText()).isEqualTo("viewer");
        assertThat(json(login("Alice", "alice-pw")).at("/user/username").asText()).as("one user, any case").isEqualTo("alice");

        // LDAP users' passwords live in the directory.
        assertProblem(api.postAsAdmin("/api/v1/users/bob/password", "{\"new_password\":\"a-local-password-1\"}"), 400, "LDAP");

        // The directory down: 503, not a wrong password, and local users still log in.
        directory.close();
        HttpResponse<String> down = login("alice", "alice-pw");
        assertProblem(down, 503, "the directory is unavailable");
        assertThat(down.body()).doesNotContain("127.0.0.1");
        assertThat(login("made-by-alice", "made-by-alice-pw1").statusCode()).isEqualTo(200);
    }

    @Test
    void aLocalUserIsNeverReplacedByTheDirectoryUserOfTheSameName() {
        HttpResponse<String> local = api.postAsAdmin("/api/v1/users",
                "{\"username\":\"bob\",\"password\":\"bobs-local-password\",\"role\":\"viewer\",\"projects\":[]}");
        assertThat(local.statusCode()).as(local.body()).isEqualTo(201);
        configure();

        assertProblem(login("bob", "bob-pw"), 401, "the username or password is wrong");
        JsonNode bob = json(login("bob", "bobs-local-password")).get("user");
        assertThat(bob.get("source").asText()).isEqualTo("local");
        assertThat(bob.get("role").asText()).isEqualTo("viewer");
        assertThat(bob.get("projects")).isEmpty();
    }

    @Test
    void settingsAreValidatedCheckedShownWithoutThePasswordAndStoredSealed() {
        assertProblem(api.get("/api/v1/settings/ldap"), 404, "not configured");
        assertProblem(login("alice", "alice-pw"), 401, "the username or password is wrong");

        assertProblem(put("/api/v1/settings/ldap", settings("operator", TestDirectory.SERVICE_PASSWORD).replace("ldap://", "http://")),
                400, "url must start with ldap:// or ldaps://");
        assertProblem(put("/api/v1/settings/ldap", "{\"url\":\"" + directory.url() + "\",\"bind_password\":\"p\"}"), 400, "bind_dn");
        assertProblem(put("/api/v1/settings/ldap", settings("root", TestDirectory.SERVICE_PASSWORD)), 400, "admin, operator or viewer");
        assertProblem(put("/api/v1/settings/ldap", "[1]"), 400, "JSON object");
        assertProblem(put("/api/v1/settings/ldap", "{broken"), 400, "invalid JSON");
        assertProblem(put("/api/v1/settings/ldap", settings("operator", null)), 400, "bind_password is required");
        HttpResponse<String> badPassword = put("/api/v1/settings/ldap?check=true", settings("operator", "not-the-password"));
        assertProblem(badPassword, 502, "refused the service account");
        assertThat(badPassword.body()).doesNotContain("not-the-password");
        assertProblem(api.get("/api/v1/settings/ldap"), 404, "not configured");

        configure();
        HttpResponse<String> shown = api.get("/api/v1/settings/ldap");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).doesNotContain(TestDirectory.SERVICE_PASSWORD);
        JsonNode body = json(shown);
        assertThat(body.get("bind_password_set").asBoolean()).isTrue();
        assertThat(body.has("bind_password")).isFalse();
        assertThat(body.get("group_roles").get("drover-admins").asText()).isEqualTo("admin");
        assertThat(body.get("user_filter").asText()).isEqualTo("(uid={0})");

        // Round trip what GET showed (without the password): the stored one is kept.
        String shownBack = body.toString().replace(",\"bind_password_set\":true", "");
        assertThat(put("/api/v1/settings/ldap?check=true", shownBack).statusCode()).isEqualTo(200);
        assertThat(login("alice", "alice-pw").statusCode()).isEqualTo(200);

        // A non-admin cannot read or change them, nor can nobody.
        assertThat(api.getAnonymous("/api/v1/settings/ldap").statusCode()).isEqualTo(401);

        api.close();
        try (Database db = Database.open(api.config().effectiveDbUrl(), null, null)) {
            String stored = new Settings(db.jdbi()).get(LdapConfigStore.NAME).orElseThrow();
            assertThat(stored).contains(TestDirectory.SERVICE_DN).doesNotContain(TestDirectory.SERVICE_PASSWORD)
                    .contains("\"bind_password_sealed\":\"v1:");
        }
        api.restart();

        HttpResponse<String> cleared = api.delete("/api/v1/settings/ldap", api.adminToken());
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertProblem(api.get("/api/v1/settings/ldap"), 404, "not configured");
        assertProblem(login("alice", "alice-pw"), 401, "the username or password is wrong");
    }

    @Test
    void checkingAnUnreachableDirectoryFailsWithoutSaving() {
        String url = directory.url();
        directory.close();
        HttpResponse<String> r = put("/api/v1/settings/ldap?check=true", settings(url, "operator", TestDirectory.SERVICE_PASSWORD));
        assertProblem(r, 502, "cannot connect to the directory");
        assertProblem(api.get("/api/v1/settings/ldap"), 404, "not configured");
    }
}
