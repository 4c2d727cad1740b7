package io.drover.server.http.limits;

import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.assertSeedError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.identity.IdentitySettings;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 429 with Retry-After on the heartbeat (fast path and Javalin path) and on joining, over HTTP, once per store. */
abstract class RateLimitApiContract {
    /** 3 heartbeats a second, 2 join attempts a minute per address. */
    static final IdentitySettings TIGHT = new IdentitySettings(Duration.ofMinutes(30), Duration.ofHours(12), 20, 10,
            Duration.ofMinutes(15), 3, 2);

    @TempDir
    Path tmp;
    TestServer api;

    abstract TestStores store();

    @BeforeEach
    void start() {
        api = TestServer.start(store(), tmp, c -> c.withIdentity(TIGHT));
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void heartbeatsBeyondTheLimitGet429WithRetryAfterOnBothPaths() {
        int ok = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<String> r = api.register("m" + i, "10.0.0." + i);
            if (r.statusCode() == 200) ok++;
            else refused = r;
        }
        assertThat(ok).as("the bucket holds 3 (a fourth may refill in a slow second)").isBetween(3, 5);
        assertThat(refused).isNotNull();
        assertSeedError(refused, 429, "too many heartbeats from this address");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isEqualTo(1);

        // The Javalin path (a trailing slash skips the fast path) shares the address's bucket.
        HttpResponse<String> slash = api.post("/api/register/", "{\"hostname\":\"slash\",\"ip_address\":\"10.0.9.9\",\"interface\":\"eth0\"}");
        assertSeedError(slash, 429, "too many heartbeats");
        assertThat(slash.headers().firstValue("Retry-After")).contains("1");

        api.server().flush();
        String metrics = api.get("/metrics").body();
        assertThat(metrics).containsPattern("drover_rate_limited_total\\{route=\"/api/register\"} [1-9]");
    }

    @Test
    void joinAttemptsBeyondTheLimitGet429BeforeTheTokenIsLookedAt() {
        HttpResponse<String> first = join("djt_guess-1");
        HttpResponse<String> second = join("djt_guess-2");
        assertProblem(first, 401, "not valid");
        assertProblem(second, 401, "not valid");
        HttpResponse<String> third = join("djt_guess-3");
        assertProblem(third, 429, "too many join attempts from this address");
        // One attempt back every 30 s (2 a minute).
        long retry = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retry).isBetween(1L, 30L);
        assertThat(third.body()).doesNotContain("djt_guess-3");
        assertThat(api.get("/metrics").body()).contains("drover_rate_limited_total{route=\"/api/v1/hosts/join\"} 1.0");
    }

    @Test
    void otherRoutesAreNotLimited() {
        for (int i = 0; i < 20; i++) assertThat(api.get("/api/v1/hosts").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> join(String token) {
        return api.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/hosts/join")))
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.joinBody(token, "kvm"))));
    }

    HttpResponse<String> login(String username, String password) {
        return api.post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void loginsAreThrottledPerUsernameAndPerAddressWith429AndCountedInMetrics() {
        // TIGHT: 10 failures per username, 20 attempts a minute per address (the tests' own sign-in was one).
        for (int i = 0; i < 10; i++) assertProblem(login("admin", "wrong password " + i), 401, "username or password is wrong");
        HttpResponse<String> locked = login("admin", "still not it, either");
        assertProblem(locked, 429, "too many wrong passwords or codes for this user");
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertProblem(login("ADMIN", "another guess here"), 429, "too many wrong passwords or codes for this user");

        // Another name is still judged on its password until the address runs out of attempts.
        assertProblem(login("someone", "a guess, not theirs"), 401, "username or password is wrong");
        HttpResponse<String> last = null;
        for (int i = 0; i < 10; i++) last = login("user" + i, "a guess, not theirs");
        assertProblem(last, 429, "too many login attempts from this address");

        String metrics = api.get("/metrics").body();
        assertThat(metrics).containsPattern("drover_logins_total\\{outcome=\"failed\"[^}]*\\} (1[1-9]|[2-9][0-9])\\.0")
                .containsPattern("drover_logins_total\\{outcome=\"throttled\"[^}]*\\} [1-9][0-9]*\\.0")
                .containsPattern("drover_logins_total\\{outcome=\"ok\"[^}]*\\} 1\\.0");
    }
}
