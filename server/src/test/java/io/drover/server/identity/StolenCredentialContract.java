package io.drover.server.identity;

import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.identity.totp.Base32;
import io.drover.server.identity.totp.Totp;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part of the hostile corpus (see {@link HostileRequestsContract}), once per store: what someone
 * holding a stolen session or API token tries (issue 10, finding 8). Guessing the password (and
 * the second factor) through the password change and turning two-factor off meets the login's
 * per-user failure limit, and a password change or an admin's reset can revoke the user's API
 * tokens (the reset does unless told not to). The server's clock stands still, so no limit refills.
 */
abstract class StolenCredentialContract {
    /** 4 failures per user in 15 minutes; the rest as the defaults. */
    static final IdentitySettings LIMITS = IdentitySettings.defaults().withRateLimits(100, 4, Duration.ofMinutes(15), 100, 100);
    static final String PASSWORD = "victim-password-7Qx";

    final MutableClock clock = new MutableClock();
    @TempDir
    Path tmp;
    TestServer api;
    String userId;

    abstract TestStores store();

    @BeforeEach
    void start() {
        api = TestServer.start(store(), tmp, c -> c.withIdentity(LIMITS), clock);
        HttpResponse<String> made = api.postAsAdmin("/api/v1/users",
                "{\"username\":\"victim\",\"password\":\"" + PASSWORD + "\",\"role\":\"operator\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        userId = json(made).get("user").get("id").asText();
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    HttpResponse<String> post(TestServer.Session session, String path, String body) {
        return api.send(session.request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String change(String current, String replacement) {
        return "{\"current_password\":\"" + current + "\",\"new_password\":\"" + replacement + "\"}";
    }

    @Test
    void guessingThePasswordWithAStolenTokenStopsAtTheLoginsLimitEvenForTheRightOne() {
        String stolen = api.tokenFor("victim", PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertProblem(api.as(stolen, "POST", "/api/v1/auth/password", change("guess-number-" + i, "attacker-owns-this-1")),
                    403, "current password is wrong");
        }
        HttpResponse<String> right = api.as(stolen, "POST", "/api/v1/auth/password", change(PASSWORD, "attacker-owns-this-1"));
        assertProblem(right, 429, "too many wrong passwords");
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        // The guesses were the login's too: the user's own sign-in waits as after failed logins.
        assertProblem(api.post("/api/v1/auth/login", "{\"username\":\"victim\",\"password\":\"" + PASSWORD + "\"}"),
                429, "too many wrong passwords or codes");
    }

    @Test
    void guessingThePasswordAndCodeToTurnTwoFactorOffStopsAtTheLimit() {
        TestServer.Session stolen = api.login("victim", PASSWORD);
        HttpResponse<String> enrolled = post(stolen, "/api/v1/auth/totp/enroll", "");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        byte[] secret = Base32.decode(json(enrolled).get("secret").asText());
        Totp totp = Totp.standard();
        long step = totp.stepAt(clock.instant());
        assertThat(post(stolen, "/api/v1/auth/totp/confirm", "{\"code\":\"" + totp.code(secret, step) + "\"}").statusCode()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            String body = i % 2 == 0
                    ? "{\"password\":\"guess-number-" + i + "\",\"code\":\"" + totp.code(secret, step + 1) + "\"}"
                    : "{\"password\":\"" + PASSWORD + "\",\"code\":\"guessed-recovery-" + i + "\"}";
            assertProblem(post(stolen, "/api/v1/auth/totp/disable", body), 403, "the password or the code is wrong");
        }
        clock.advance(Duration.ofSeconds(30)); // a fresh step, so the right code is not a replay (and no limit refills in 30 s)
        HttpResponse<String> right = post(stolen, "/api/v1/auth/totp/disable",
                "{\"password\":\"" + PASSWORD + "\",\"code\":\"" + totp.code(secret, totp.stepAt(clock.instant())) + "\"}");
        assertProblem(right, 429, "too many wrong passwords or codes");
    }

    @Test
    void aPasswordChangeRevokesTheUsersTokensWhenAskedAndAnAdminResetDoesUnlessToldNot() {
        TestServer.Session session = api.login("victim", PASSWORD);
        String kept = api.tokenFor("victim", PASSWORD);
        HttpResponse<String> changed = post(session, "/api/v1/auth/password", change(PASSWORD, "second-password-8Rz"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(api.as(kept, "GET", "/api/v1/auth/session", null).statusCode()).as("not asked: tokens stay").isEqualTo(200);

        HttpResponse<String> revoking = post(session, "/api/v1/auth/password",
                "{\"current_password\":\"second-password-8Rz\",\"new_password\":\"third-password-9Sy\",\"revoke_tokens\":true}");
        assertThat(revoking.statusCode()).as(revoking.body()).isEqualTo(204);
        assertProblem(api.as(kept, "GET", "/api/v1/auth/session", null), 401, "revoked");
        assertThat(api.send(session.request("/api/v1/auth/session").GET()).statusCode()).as("the session that changed it stays").isEqualTo(200);

        String stolen = api.tokenFor("victim", "third-password-9Sy");
        assertThat(api.postAsAdmin("/api/v1/users/" + userId + "/password", "{\"new_password\":\"fourth-password-1Tw\",\"revoke_tokens\":false}")
                .statusCode()).isEqualTo(204);
        assertThat(api.as(stolen, "GET", "/api/v1/auth/session", null).statusCode()).as("told not to: tokens stay").isEqualTo(200);
        assertThat(api.postAsAdmin("/api/v1/users/" + userId + "/password", "{\"new_password\":\"fifth-password-2Uv\"}").statusCode())
                .isEqualTo(204);
        assertProblem(api.as(stolen, "GET", "/api/v1/auth/session", null), 401, "revoked");
        assertThat(json(api.as(api.tokenFor("victim", "fifth-password-2Uv"), "GET", "/api/v1/auth/tokens", null)).get("items").size())
                .as("only the token just made").isEqualTo(1);
    }
}
