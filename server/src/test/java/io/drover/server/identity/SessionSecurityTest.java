package io.drover.server.identity;

import io.drover.server.testing.TestTls;
import java.net.http.HttpClient;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser sessions (cookie flags, CSRF, logout, timeouts) and API tokens (expiry, revocation,
 * read-only scope), and the rules that keep users apart and an admin in charge.
 */
class SessionSecurityTest {
    static final String PASSWORD = "a-long-enough-password";

    @TempDir
    Path tmp;
    TestServer api;

    @BeforeEach
    void start() {
        api = TestServer.start(TestStores.H2, tmp, c -> c.withIdentity(RouteRoleMatrixTest.generousLimits()));
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void loginSetsAnHttpOnlySameSiteStrictCookieForTheWholeSite() {
        createUser("cookie-user", "viewer");
        HttpResponse<String> login = api.post("/api/v1/auth/login", credentials("cookie-user", PASSWORD));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        List<String> attributes = List.of(cookie.split(";\\s*"));
        assertThat(attributes.get(0)).startsWith(Sessions.COOKIE + "=dss_");
        assertThat(attributes).contains("HttpOnly", "SameSite=Strict", "Path=/");
        // Sign-in is served over HTTPS only (or behind a TLS-terminating proxy): the cookie is always Secure.
        assertThat(attributes).contains("Secure");
        assertThat(json(login).get("csrf_token").asText()).isNotBlank();
        assertThat(login.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void overTlsTheCookieIsAlsoSecureAndSoIsItsClearingAtLogout() throws Exception {
        createUser("tls-user", "viewer");
        HttpClient https = TestTls.client(api.server(), null, null);
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/auth/login")))
                .POST(HttpRequest.BodyPublishers.ofString(credentials("tls-user", PASSWORD))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(List.of(cookie.split(";\\s*"))).contains("Secure", "HttpOnly", "SameSite=Strict");
        HttpResponse<String> out = https.send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/auth/logout")))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).header("X-CSRF-Token", json(login).get("csrf_token").asText())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(List.of(out.headers().firstValue("Set-Cookie").orElseThrow().split(";\\s*"))).contains("Secure", "Max-Age=0");
    }

    @Test
    void changesNeedTheSessionsCsrfTokenAndReadsDoNot() {
        createUser("csrf-user", "viewer");
        TestServer.Session s = api.login("csrf-user", PASSWORD);
        String tokenBody = "{\"name\":\"from the browser\"}";
        assertProblem(api.send(withCookie(s, "/api/v1/auth/tokens").POST(HttpRequest.BodyPublishers.ofString(tokenBody))), 403, "CSRF");
        assertProblem(api.send(withCookie(s, "/api/v1/auth/tokens").header("X-CSRF-Token", s.csrfToken() + "x")
                .POST(HttpRequest.BodyPublishers.ofString(tokenBody))), 403, "CSRF");
        assertProblem(api.send(withCookie(s, "/api/v1/auth/tokens").header("X-CSRF-Token", "")
                .POST(HttpRequest.BodyPublishers.ofString(tokenBody))), 403, "CSRF");
        // Another session's CSRF token is not this one's.
        TestServer.Session other = api.login("csrf-user", PASSWORD);
        assertProblem(api.send(withCookie(s, "/api/v1/auth/tokens").header("X-CSRF-Token", other.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(tokenBody))), 403, "CSRF");
        assertThat(tokens(s)).isEmpty();

        HttpResponse<String> read = api.send(withCookie(s, "/api/v1/auth/session").GET());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("csrf_token").asText()).isEqualTo(s.csrfToken());
        HttpResponse<String> made = api.send(s.request("/api/v1/auth/tokens").POST(HttpRequest.BodyPublishers.ofString(tokenBody)));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    }

    @Test
    void logoutEndsTheSessionAndTheCookieNoLongerWorks() {
        createUser("logout-user", "viewer");
        TestServer.Session s = api.login("logout-user", PASSWORD);
        HttpResponse<String> out = api.send(s.request("/api/v1/auth/logout").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).as(out.body()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertProblem(api.send(withCookie(s, "/api/v1/auth/session").GET()), 401, "session has ended");
        assertProblem(api.send(s.request("/api/v1/auth/tokens").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"late\"}"))),
                401, "session has ended");
    }

    @Test
    void aTamperedOrMadeUpCookieIsNotASession() {
        createUser("tamper-user", "viewer");
        TestServer.Session s = api.login("tamper-user", PASSWORD);
        String cookie = s.cookie();
        char last = cookie.charAt(cookie.length() - 1);
        String tampered = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String bad : List.of(tampered, Sessions.COOKIE + "=dss_madeup", Sessions.COOKIE + "=" + cookie.substring(cookie.indexOf('=') + 5),
                Sessions.COOKIE + "=", Sessions.COOKIE + "=dss_" + "A".repeat(500))) {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/auth/session"))).header("Cookie", bad).GET());
            assertProblem(r, 401, "");
        }
        assertThat(api.send(withCookie(s, "/api/v1/auth/session").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionEndsWhenIdleTooLong() throws Exception {
        api.close();
        api = TestServer.start(TestStores.H2, tmp.resolve("idle"), c -> c.withIdentity(
                RouteRoleMatrixTest.generousLimits().withSessions(Duration.ofSeconds(2), Duration.ofHours(1))));
        createUser("idle-user", "viewer");
        TestServer.Session s = api.login("idle-user", PASSWORD);
        assertThat(api.send(withCookie(s, "/api/v1/auth/session").GET()).statusCode()).isEqualTo(200);
        Thread.sleep(2_300);
        assertProblem(api.send(withCookie(s, "/api/v1/auth/session").GET()), 401, "session has ended");
    }

    @Test
    void aSessionEndsAtItsAbsoluteTimeoutEvenWhileUsed() throws Exception {
        api.close();
        api = TestServer.start(TestStores.H2, tmp.resolve("absolute"), c -> c.withIdentity(
                RouteRoleMatrixTest.generousLimits().withSessions(Duration.ofHours(1), Duration.ofSeconds(2))));
        createUser("absolute-user", "viewer");
        TestServer.Session s = api.login("absolute-user", PASSWORD);
        long started = System.nanoTime();
        while (System.nanoTime() - started < 1_500_000_000L) {
            assertThat(api.send(withCookie(s, "/api/v1/auth/session").GET()).statusCode()).isEqualTo(200);
            Thread.sleep(300);
        }
        Thread.sleep(800);
        assertProblem(api.send(withCookie(s, "/api/v1/auth/session").GET()), 401, "session has ended");
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsButNotThisOne() {
        createUser("pw-user", "viewer");
        TestServer.Session mine = api.login("pw-user", PASSWORD);
        TestServer.Session other = api.login("pw-user", PASSWORD);
        String changed = "another-long-password";
        assertProblem(api.send(mine.request("/api/v1/auth/password").POST(HttpRequest.BodyPublishers.ofString(
                "{\"current_password\":\"wrong-password-here\",\"new_password\":\"" + changed + "\"}"))), 403, "current password is wrong");
        HttpResponse<String> r = api.send(mine.request("/api/v1/auth/password").POST(HttpRequest.BodyPublishers.ofString(
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"" + changed + "\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertProblem(api.send(withCookie(other, "/api/v1/auth/session").GET()), 401, "session has ended");
        assertThat(api.send(withCookie(mine, "/api/v1/auth/session").GET()).statusCode()).isEqualTo(200);
        assertProblem(api.post("/api/v1/auth/login", credentials("pw-user", PASSWORD)), 401, "");
        assertThat(api.post("/api/v1/auth/login", credentials("pw-user", changed)).statusCode()).isEqualTo(200);
    }

    @Test
    void disablingAUserEndsTheirSessionsAndStopsTheirTokens() {
        String id = createUser("disabled-user", "operator");
        TestServer.Session s = api.login("disabled-user", PASSWORD);
        String token = api.tokenFor("disabled-user", PASSWORD);
        assertThat(getWith(token, "/api/v1/auth/session").statusCode()).isEqualTo(200);
        HttpResponse<String> r = patchAsAdmin("/api/v1/users/" + id, "{\"disabled\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertProblem(api.send(withCookie(s, "/api/v1/auth/session").GET()), 401, "");
        assertProblem(getWith(token, "/api/v1/auth/session"), 401, "disabled");
        assertProblem(api.post("/api/v1/auth/login", credentials("disabled-user", PASSWORD)), 401, "");
        // Enabled again, the token works again (it was never revoked), the ended session does not.
        assertThat(patchAsAdmin("/api/v1/users/" + id, "{\"disabled\":false}").statusCode()).isEqualTo(200);
        assertThat(getWith(token, "/api/v1/auth/session").statusCode()).isEqualTo(200);
        assertProblem(api.send(withCookie(s, "/api/v1/auth/session").GET()), 401, "");
    }

    @Test
    void anExpiredTokenIsRefusedSayingSo() throws Exception {
        HttpResponse<String> r = postWith(api.adminToken(), "/api/v1/auth/tokens", "{\"name\":\"short lived\",\"ttl_seconds\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String token = json(r).get("token").asText();
        assertThat(getWith(token, "/api/v1/auth/session").statusCode()).isEqualTo(200);
        Thread.sleep(1_200);
        assertProblem(getWith(token, "/api/v1/auth/session"), 401, "expired");
        assertProblem(postWith(api.adminToken(), "/api/v1/auth/tokens", "{\"name\":\"never\",\"ttl_seconds\":0}"), 400, "ttl_seconds");
        assertProblem(postWith(api.adminToken(), "/api/v1/auth/tokens", "{\"name\":\"too long\",\"ttl_seconds\":99999999999}"), 400, "ttl_seconds");
    }

    @Test
    void aRevokedTokenIsRefusedSayingSo() {
        HttpResponse<String> r = postWith(api.adminToken(), "/api/v1/auth/tokens", "{\"name\":\"to revoke\"}");
        String token = json(r).get("token").asText();
        String id = json(r).get("id").asText();
        assertThat(getWith(token, "/api/v1/auth/session").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v1/auth/tokens/" + id, api.adminToken()).statusCode()).isEqualTo(204);
        assertProblem(getWith(token, "/api/v1/auth/session"), 401, "revoked");
        assertProblem(api.delete("/api/v1/auth/tokens/" + id, api.adminToken()), 404, "no API token");
        assertThat(json(getWith(api.adminToken(), "/api/v1/auth/tokens")).get("items").toString()).doesNotContain(id);
    }

    @Test
    void aReadOnlyTokenReadsButDoesNotWrite() {
        HttpResponse<String> r = postWith(api.adminToken(), "/api/v1/auth/tokens", "{\"name\":\"reader\",\"read_only\":true}");
        assertThat(json(r).get("read_only").asBoolean()).isTrue();
        String token = json(r).get("token").asText();
        assertThat(getWith(token, "/api/v1/users").statusCode()).isEqualTo(200);
        assertThat(json(getWith(token, "/api/v1/auth/session")).get("read_only").asBoolean()).isTrue();
        assertProblem(postWith(token, "/api/v1/auth/tokens", "{\"name\":\"escalate\"}"), 403, "read-only");
        assertProblem(postWith(token, "/api/v1/projects", "{\"name\":\"ro-project\"}"), 403, "read-only");
        assertProblem(api.delete("/api/v1/auth/tokens/" + json(r).get("id").asText(), token), 403, "read-only");
        assertThat(getWith(token, "/api/v1/auth/session").statusCode()).isEqualTo(200);
    }

    @Test
    void theLastAdminStaysAnEnabledAdmin() {
        String adminId = json(getWith(api.adminToken(), "/api/v1/auth/session")).get("user").get("id").asText();
        assertProblem(patchAsAdmin("/api/v1/users/" + adminId, "{\"role\":\"viewer\"}"), 409, "last enabled admin");
        assertProblem(patchAsAdmin("/api/v1/users/" + adminId, "{\"disabled\":true}"), 409, "last enabled admin");
        // Only an admin may delete users, so the last one can only try it on themself.
        assertProblem(api.delete("/api/v1/users/" + adminId, api.adminToken()), 403, "yourself");
        assertThat(getWith(api.adminToken(), "/api/v1/users/" + adminId).statusCode()).isEqualTo(200);

        // With a second admin the first may step down; then the second is the last.
        String secondId = createUser("second-admin", "admin");
        String second = api.tokenFor("second-admin", PASSWORD);
        assertThat(patchAsAdmin("/api/v1/users/" + adminId, "{\"role\":\"operator\"}").statusCode()).isEqualTo(200);
        assertProblem(patchWith(second, "/api/v1/users/" + secondId, "{\"role\":\"viewer\"}"), 409, "last enabled admin");
        assertProblem(patchWith(second, "/api/v1/users/" + secondId, "{\"disabled\":true}"), 409, "last enabled admin");
        assertProblem(api.delete("/api/v1/users/" + secondId, second), 403, "yourself");
        assertThat(json(getWith(second, "/api/v1/users/" + secondId)).get("role").asText()).isEqualTo("admin");
    }

    @Test
    void usersSeeAndRevokeOnlyTheirOwnTokens() {
        createUser("token-alice", "operator");
        createUser("token-bob", "operator");
        String alice = api.tokenFor("token-alice", PASSWORD);
        String bob = api.tokenFor("token-bob", PASSWORD);
        String aliceTokenId = StreamSupport.stream(json(getWith(alice, "/api/v1/auth/tokens")).get("items").spliterator(), false)
                .findFirst().orElseThrow().get("id").asText();
        assertThat(json(getWith(bob, "/api/v1/auth/tokens")).get("items").toString()).doesNotContain(aliceTokenId);
        assertThat(json(getWith(bob, "/api/v1/auth/tokens")).get("items")).hasSize(1);
        assertProblem(api.delete("/api/v1/auth/tokens/" + aliceTokenId, bob), 404, "no API token");
        assertProblem(api.delete("/api/v1/auth/tokens/" + aliceTokenId, api.adminToken()), 404, "no API token");
        assertThat(getWith(alice, "/api/v1/auth/session").statusCode()).isEqualTo(200);
        // No token's secret is ever listed again.
        assertThat(json(getWith(alice, "/api/v1/auth/tokens")).toString()).doesNotContain(alice);
    }

    @Test
    void usernamesAreCaseInsensitiveAtLogin() {
        createUser("mixed-case", "viewer");
        for (String spelling : List.of("mixed-case", "MIXED-CASE", "Mixed-Case")) {
            HttpResponse<String> r = api.post("/api/v1/auth/login", credentials(spelling, PASSWORD));
            assertThat(r.statusCode()).as(spelling + ": " + r.body()).isEqualTo(200);
            assertThat(json(r).get("user").get("username").asText()).isEqualTo("mixed-case");
        }
        assertProblem(api.postAsAdmin("/api/v1/users", "{\"username\":\"MIXED-case\",\"password\":\"" + PASSWORD + "\"}"), 409, "");
        // The password is not case-insensitive.
        assertProblem(api.post("/api/v1/auth/login", credentials("mixed-case", PASSWORD.toUpperCase())), 401, "");
    }

    private String createUser(String username, String role) {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("user").get("id").asText();
    }

    private static String credentials(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    private List<String> tokens(TestServer.Session s) {
        return StreamSupport.stream(json(api.send(withCookie(s, "/api/v1/auth/tokens").GET())).get("items").spliterator(), false)
                .map(n -> n.get("id").asText()).toList();
    }

    /** A request with the session cookie and no CSRF token. */
    private HttpRequest.Builder withCookie(TestServer.Session s, String path) {
        return HttpRequest.newBuilder(URI.create(api.url(path))).header("Cookie", s.cookie());
    }

    private HttpResponse<String> getWith(String token, String path) {
        return api.send(HttpRequest.newBuilder(URI.create(api.url(path))).header("Authorization", "Bearer " + token).GET());
    }

    private HttpResponse<String> postWith(String token, String path, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.url(path))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> patchWith(String token, String path, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.url(path))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> patchAsAdmin(String path, String body) {
        return patchWith(api.adminToken(), path, body);
    }
}
