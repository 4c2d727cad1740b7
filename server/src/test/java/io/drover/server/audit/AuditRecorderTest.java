package io.drover.server.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.access.Role;
import io.drover.server.http.Admission;
import io.drover.server.http.Guard;
import io.drover.server.http.HttpApi;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Json;
import io.drover.server.http.NotAuthenticated;
import io.drover.server.http.Route;
import io.drover.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder behind a real {@link HttpApi} with stand-in routes: a login route as identity will
 * write it (the username tried is the actor of a failure, the password is never stored), a handler
 * that crashes, one whose message echoes a token. Also checks that Javalin's "after" handler sees
 * the status the exception mapper sent.
 */
class AuditRecorderTest {
    static final String PASSWORD = "correct horse battery staple 42";
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    Database db;
    Audit audit;
    HttpApi http;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    record Login(String username, String password) { }

    static final Principal ALICE = new Principal(Principal.Kind.USER, "u-1", "alice", Role.ADMIN, Set.of(), false, null, "s-77", null, "127.0.0.1");

    @BeforeEach
    void start() {
        db = Database.open(Database.embeddedUrl(tmp), null, null);
        audit = new Audit(db.jdbi(), Clock.systemUTC(), registry);
        List<Route> routes = List.of(
                Route.post("/api/v1/auth/login", Permission.PUBLIC, ctx -> {
                    Login login = ctx.bodyAsClass(Login.class);
                    AuditNotes.attemptedUser(ctx, login.username());
                    if (!PASSWORD.equals(login.password())) throw new NotAuthenticated("wrong username or password");
                    AuditNotes.signedIn(ctx, ALICE);
                    ctx.json(Map.of("ok", true));
                }),
                Route.post("/api/v1/auth/logout", Permission.SELF_WRITE, ctx -> ctx.status(204)),
                Route.post("/api/v1/crash/{id}", Permission.VMS_WRITE, ctx -> {
                    throw new IllegalStateException("boom with drv_SecretSecretSecretSecret inside");
                }),
                Route.post("/api/v1/echo", Permission.VMS_WRITE, ctx -> {
                    throw new InvalidRequest("the token djt_LeakedLeakedLeaked is odd\nsecond line " + "y".repeat(1000));
                }),
                Route.put("/api/v1/note/{a}/{b}", Permission.SETTINGS_WRITE, ctx -> AuditNotes.detail(ctx, "kept it")),
                Route.get("/api/v1/read", Permission.VMS_READ, ctx -> ctx.result("read")));
        Guard guard = (needed, credentials) -> {
            if (needed == Permission.PUBLIC) return Principal.anonymous(credentials.address());
            if (!"Bearer good".equals(credentials.authorization())) throw new NotAuthenticated("sign in first");
            return ALICE;
        };
        http = new HttpApi("127.0.0.1", 0, null, null, false, routes, Admission.OPEN, guard, audit.recorder(), Json.mapper(), c -> { }).start();
    }

    @AfterEach
    void stop() {
        if (http != null) http.stop();
        if (audit != null) audit.close();
        if (db != null) db.close();
    }

    HttpResponse<String> send(String method, String path, String body, boolean signedIn) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (signedIn) b.header("Authorization", "Bearer good");
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<AuditRecord> records() {
        assertThat(audit.flush(Duration.ofSeconds(5))).isTrue();
        List<AuditRecord> newestFirst = new AuditStore(db.jdbi()).page(new AuditQuery(null, null, null, null, null, null, null, null, 100));
        List<AuditRecord> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    String table() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM audit").mapToMap().list().toString());
    }

    @Test
    void aFailedLoginNamesTheUsernameTriedAndNeverThePassword() throws Exception {
        assertThat(send("POST", "/api/v1/auth/login", "{\"username\":\"mallory\",\"password\":\"" + PASSWORD + "x\"}", false).statusCode())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v1/auth/login", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}", false).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/api/v1/auth/logout", null, true).statusCode()).isEqualTo(204);

        List<AuditRecord> rows = records();
        assertThat(rows).hasSize(3);
        AuditRecord failed = rows.get(0);
        assertThat(failed.actor()).isEqualTo("mallory");
        assertThat(failed.actorKind()).isEqualTo("anonymous");
        assertThat(failed.outcome()).isEqualTo("denied");
        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.detail()).isEqualTo("wrong username or password");
        AuditRecord ok = rows.get(1);
        assertThat(ok.actor()).isEqualTo("alice");
        assertThat(ok.userId()).isEqualTo("u-1");
        assertThat(ok.via()).isEqualTo("session");
        assertThat(ok.sessionId()).isEqualTo("s-77");
        assertThat(ok.outcome()).isEqualTo("ok");
        assertThat(rows.get(2).route()).isEqualTo("/api/v1/auth/logout");
        assertThat(table()).doesNotContain(PASSWORD).doesNotContain("horse");
        assertThat(registry.get("drover.audit.records").counter().count()).isEqualTo(3);
    }

    @Test
    void afterAnExceptionTheRecordHasTheStatusSentAndNoSecretFromTheMessage() throws Exception {
        assertThat(send("POST", "/api/v1/crash/vm-9", "{}", true).statusCode()).isEqualTo(500);
        assertThat(send("POST", "/api/v1/echo", "{}", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/crash/vm-9", "{}", false).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/api/v1/note/one/two", "{}", true).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/read", null, true).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/nowhere", "{}", true).statusCode()).isEqualTo(404);

        List<AuditRecord> rows = records();
        assertThat(rows).extracting(AuditRecord::status).containsExactly(500, 400, 401, 200);
        assertThat(rows).extracting(AuditRecord::outcome).containsExactly("error", "failed", "denied", "ok");
        assertThat(rows.get(0).target()).isEqualTo("vm-9");
        assertThat(rows.get(0).detail()).as("the 500's body says nothing of the cause, nor does the record")
                .doesNotContain("boom");
        assertThat(rows.get(1).detail()).startsWith("the token djt_… is odd?second line").hasSizeLessThanOrEqualTo(AuditRecorder.MAX_DETAIL);
        assertThat(rows.get(2).actor()).isEqualTo("anonymous");
        assertThat(rows.get(3).target()).isEqualTo("one/two");
        assertThat(rows.get(3).detail()).isEqualTo("kept it");
        assertThat(table()).doesNotContain("Leaked").doesNotContain("SecretSecret");
    }

    @Test
    void theHeartbeatAndReadsAreNotAuditedButJoinLoginAndEveryWriteAre() {
        assertThat(AuditRecorder.audited(Route.postBody("/api/register", Permission.REGISTRATION, 10, (b, c) -> b))).isFalse();
        assertThat(AuditRecorder.audited(Route.get("/api/v1/vms", Permission.VMS_READ, ctx -> { }))).isFalse();
        assertThat(AuditRecorder.audited(Route.post("/api/v1/hosts/join", Permission.PUBLIC, ctx -> { }))).isTrue();
        assertThat(AuditRecorder.audited(Route.delete("/api/v1/vms/{id}", Permission.VMS_WRITE, ctx -> { }))).isTrue();
    }

    @Test
    void scrubCutsBearerSecretsButKeepsIdsAndNames() {
        assertThat(AuditRecorder.scrub("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer …");
        assertThat(AuditRecorder.scrub("dhc_AbCdEfGhIjKlMnOp and drv_x")).isEqualTo("dhc_… and drv_x");
        assertThat(AuditRecorder.scrub("/api/v1/vms/7c9e6679-7425-40de-944b-e07fc1f90ae7")).isEqualTo("/api/v1/vms/7c9e6679-7425-40de-944b-e07fc1f90ae7");
    }
}
