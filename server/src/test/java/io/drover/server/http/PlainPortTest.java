package io.drover.server.http;

import static io.drover.server.testing.ApiAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.identity.Users;
import io.drover.server.testing.ApiAssertions;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 10: the plain HTTP port ({@code --http-port}) served the console, sign-in and
 * the whole API, set a cookie without {@code Secure}, and took a session made over HTTPS. Now it
 * serves the tracker's routes only, unless the operator says a TLS-terminating proxy is in front
 * of it; HTTPS answers carry HSTS. The hostile corpus sends every operation there too
 * ({@code identity.HostileRequestsContract}).
 */
class PlainPortTest {
    static final String HSTS = "max-age=31536000";

    @TempDir
    Path tmp;
    TestServer api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    HttpResponse<String> plain(HttpRequest.Builder request) {
        return api.send(request);
    }

    HttpRequest.Builder overPlain(String path) {
        return HttpRequest.newBuilder(URI.create(api.plainUrl(path)));
    }

    String password() {
        return api.server().initialAdminPassword().orElseThrow();
    }

    static void assertRefused(HttpResponse<String> r, TestServer api, String path) {
        assertProblem(r, 403, "use HTTPS: https://127.0.0.1:" + api.httpsPort() + path);
        assertThat(r.headers().firstValue("Set-Cookie")).as("no cookie over plain HTTP").isEmpty();
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void overThePlainPortSignInTheConsoleAndTheApiAreRefusedAndNothingChanges() {
        api = TestServer.start(TestStores.H2, tmp, c -> c);
        String login = "{\"username\":\"" + Users.FIRST_ADMIN + "\",\"password\":\"" + password() + "\"}";

        // Sign-in with the right password: refused, and no cookie.
        assertRefused(plain(overPlain("/api/v1/auth/login").POST(HttpRequest.BodyPublishers.ofString(login))), api, "/api/v1/auth/login");
        // The console's page.
        assertRefused(plain(overPlain("/")), api, "/");
        // The API with a valid token: a read, and a write that must not happen.
        assertRefused(plain(overPlain("/api/v1/projects").header("Authorization", "Bearer " + api.adminToken())), api, "/api/v1/projects");
        assertRefused(plain(overPlain("/api/v1/projects").header("Authorization", "Bearer " + api.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"over-plain\"}"))), api, "/api/v1/projects");
        assertThat(api.get("/api/v1/projects/over-plain").statusCode()).isEqualTo(404);

        // A session made over HTTPS authenticates nothing over plain HTTP, and cannot be ended there either.
        TestServer.Session session = api.login(Users.FIRST_ADMIN, password());
        assertRefused(plain(overPlain("/api/v1/auth/session").header("Cookie", session.cookie())), api, "/api/v1/auth/session");
        assertRefused(plain(overPlain("/api/v1/auth/logout").header("Cookie", session.cookie()).header("X-CSRF-Token", session.csrfToken())
                .POST(HttpRequest.BodyPublishers.noBody())), api, "/api/v1/auth/logout");
        assertRefused(plain(overPlain("/api/v1/projects").header("Cookie", session.cookie()).header("X-CSRF-Token", session.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"by-session\"}"))), api, "/api/v1/projects");
        assertThat(api.get("/api/v1/projects/by-session").statusCode()).isEqualTo(404);
        assertThat(api.send(session.request("/api/v1/auth/session")).statusCode()).isEqualTo(200);

    }

    @Test
    void trackersStillUseThePlainPort() {
        api = TestServer.start(TestStores.H2, tmp, c -> c);
        HttpResponse<String> registered = api.register("plain-guest", "10.0.2.15");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(ApiAssertions.json(api.get("/api/v1/machines/plain-guest")).get("ip_address").asText()).isEqualTo("10.0.2.15");

        HttpResponse<String> script = plain(overPlain("/install.sh"));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).startsWith("#!/bin/sh").contains("'http://127.0.0.1:" + api.server().httpPort() + "'");
        assertThat(script.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(plain(overPlain("/healthz")).statusCode()).isEqualTo(200);
        // Only those methods: a tracker's route by another method is refused like the rest.
        assertRefused(plain(overPlain("/install.sh").POST(HttpRequest.BodyPublishers.noBody())), api, "/install.sh");
        assertRefused(plain(overPlain("/api/register")), api, "/api/register");
    }

    @Test
    void httpsAnswersCarryHstsAndPlainOnesDoNot() {
        api = TestServer.start(TestStores.H2, tmp, c -> c);
        for (HttpResponse<String> https : List.of(api.getAnonymous("/healthz"), api.getAnonymous("/"), api.get("/api/v1/projects"),
                api.getAnonymous("/api/v1/no-such-thing"), api.getAnonymous("/api/v1/projects"),
                api.post("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"wrong-password-1\"}"))) {
            assertThat(https.headers().allValues("Strict-Transport-Security")).as(https.uri() + " " + https.statusCode()).containsExactly(HSTS);
        }
        assertThat(api.register("no-hsts", "10.0.0.9").headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(plain(overPlain("/install.sh")).headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void behindATlsProxyThePlainPortServesEverythingWithASecureCookie() {
        api = TestServer.start(TestStores.H2, tmp, c -> c.withTls(c.tls().withHttpPortBehindProxy(0)));
        String login = "{\"username\":\"" + Users.FIRST_ADMIN + "\",\"password\":\"" + password() + "\"}";
        HttpResponse<String> signedIn = plain(overPlain("/api/v1/auth/login").POST(HttpRequest.BodyPublishers.ofString(login)));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        // The browser talks HTTPS to the proxy: the cookie is Secure, so it never leaves over plain HTTP.
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(List.of(cookie.split(";\\s*"))).contains("Secure", "HttpOnly", "SameSite=Strict");
        // HSTS is the proxy's to send: this port does not know the browser's scheme for sure.
        assertThat(signedIn.headers().firstValue("Strict-Transport-Security")).isEmpty();

        HttpResponse<String> made = plain(overPlain("/api/v1/projects").header("Authorization", "Bearer " + api.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"via-proxy\"}")));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(plain(overPlain("/").header("Accept", "text/html")).statusCode()).isEqualTo(200);
        HttpResponse<String> session = plain(overPlain("/api/v1/auth/session").header("Cookie", cookie.substring(0, cookie.indexOf(';'))));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
    }
}
