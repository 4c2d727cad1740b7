package io.drover.server.identity;

import java.net.URI;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.identity.totp.Base32;
import io.drover.server.identity.totp.Totp;
import io.drover.server.store.Database;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * TOTP two-factor over HTTP, once per store (subclasses): enrollment, confirm, the check at login
 * with replay refused, recovery codes, disabling and an admin's reset. The server reads a clock the
 * test moves, so codes are computed for known steps instead of racing the wall clock.
 */
abstract class TwoFactorApiContract {
    static final String PASSWORD = "dana-password-123";
    final Totp totp = Totp.standard();
    final MutableClock clock = new MutableClock();

    @TempDir
    Path tmp;
    TestServer api;

    abstract TestStores store();

    @BeforeEach
    void start() {
        api = TestServer.start(store(), tmp, c -> c, clock);
        HttpResponse<String> created = api.postAsAdmin("/api/v1/users",
                "{\"username\":\"dana\",\"password\":\"" + PASSWORD + "\",\"role\":\"operator\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    HttpResponse<String> post(TestServer.Session session, String path, String body) {
        return api.send(session.request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> login(String code) {
        return api.post("/api/v1/auth/login", "{\"username\":\"dana\",\"password\":\"" + PASSWORD + "\""
                + (code == null ? "" : ",\"totp\":\"" + code + "\"") + "}");
    }

    String codeAt(byte[] secret, long stepsFromNow) {
        return totp.code(secret, totp.stepAt(clock.instant()) + stepsFromNow);
    }

    /** Enrolls and confirms dana; returns the secret and her recovery codes. */
    record Enrolled(byte[] secret, String base32, List<String> recoveryCodes) {}

    Enrolled enrollAndConfirm(TestServer.Session session) {
        HttpResponse<String> enrolled = post(session, "/api/v1/auth/totp/enroll", "");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        assertThat(enrolled.headers().firstValue("Cache-Control")).contains("no-store");
        String base32 = json(enrolled).get("secret").asText();
        byte[] secret = Base32.decode(base32);
        HttpResponse<String> confirmed = post(session, "/api/v1/auth/totp/confirm", "{\"code\":\"" + codeAt(secret, 0) + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        json(confirmed).get("recovery_codes").forEach(c -> codes.add(c.asText()));
        return new Enrolled(secret, base32, codes);
    }

    @Test
    void enrollConfirmThenLoginNeedsAFreshCodeARecoveryCodeWorksOnceAndAnAdminResetLeavesThePassword() {
        TestServer.Session session = api.login("dana", PASSWORD);
        HttpResponse<String> enrolled = post(session, "/api/v1/auth/totp/enroll", "");
        JsonNode enrollment = json(enrolled);
        String base32 = enrollment.get("secret").asText();
        assertThat(base32).matches("[A-Z2-7]{32}");
        assertThat(enrollment.get("otpauth_uri").asText())
                .startsWith("otpauth://totp/Drover:dana?secret=" + base32 + "&issuer=Drover");
        assertThat(enrollment.get("qr_svg").asText()).startsWith("<svg");
        // Pending: the password alone still logs in.
        assertThat(login(null).statusCode()).isEqualTo(200);

        byte[] secret = Base32.decode(base32);
        HttpResponse<String> confirmed = post(session, "/api/v1/auth/totp/confirm", "{\"code\":\"" + codeAt(secret, 0) + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.headers().firstValue("Cache-Control")).contains("no-store");
        List<String> recovery = new ArrayList<>();
        json(confirmed).get("recovery_codes").forEach(c -> recovery.add(c.asText()));
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));

        HttpResponse<String> noCode = login(null);
        assertProblem(noCode, 401, "two-factor");
        assertThat(json(noCode).get("title").asText()).isEqualTo("Two-factor code required");
        // The confirm used this step: the same code cannot log in.
        assertProblem(login(codeAt(secret, 0)), 401, "the username or password is wrong");

        clock.advance(Duration.ofSeconds(30));
        String fresh = codeAt(secret, 0);
        HttpResponse<String> in = login(fresh);
        assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        assertThat(json(in).at("/user/totp_enabled").asBoolean()).isTrue();
        assertProblem(login(fresh), 401, "the username or password is wrong"); // replayed
        assertProblem(login("000000".equals(fresh) ? "111111" : "000000"), 401, "the username or password is wrong");
        // A code from before the last one used is refused too, though still inside the window.
        assertProblem(login(codeAt(secret, -1)), 401, "the username or password is wrong");

        assertThat(login(recovery.get(3)).statusCode()).isEqualTo(200);
        assertProblem(login(recovery.get(3)), 401, "the username or password is wrong");
        assertThat(login(recovery.get(7).toLowerCase().replace("-", "")).statusCode()).as("typed loosely").isEqualTo(200);
        assertProblem(login("AAAA-BBBB-CCCC"), 401, "the username or password is wrong");
        // A wrong password with a good code is the same failure.
        clock.advance(Duration.ofSeconds(30));
        assertProblem(api.post("/api/v1/auth/login", "{\"username\":\"dana\",\"password\":\"wrong-password-1\",\"totp\":\""
                + codeAt(secret, 0) + "\"}"), 401, "the username or password is wrong");

        // The secret never comes back once enrolled.
        for (HttpResponse<String> r : List.of(api.get("/api/v1/users/dana"), api.get("/api/v1/users"),
                api.send(session.request("/api/v1/auth/session").GET()), login(codeAt(secret, 0)))) {
            assertThat(r.body()).doesNotContain(base32).doesNotContain(base32.toLowerCase()).doesNotContain(recovery.get(0));
        }
        assertThat(json(api.get("/api/v1/users/dana")).get("totp_enabled").asBoolean()).isTrue();
        assertProblem(post(session, "/api/v1/auth/totp/enroll", ""), 409, "already on");

        HttpResponse<String> reset = api.postAsAdmin("/api/v1/users/dana/totp/reset", "");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
        assertThat(login(null).statusCode()).isEqualTo(200);
        assertThat(json(api.get("/api/v1/users/dana")).get("totp_enabled").asBoolean()).isFalse();
        assertProblem(api.postAsAdmin("/api/v1/users/nobody/totp/reset", ""), 404, "nobody");

        // At rest the secret is sealed: re-enroll and look at the row.
        String pending = json(post(api.login("dana", PASSWORD), "/api/v1/auth/totp/enroll", "")).get("secret").asText();
        api.close();
        try (Database db = Database.open(api.config().effectiveDbUrl(), null, null)) {
            String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT totp_secret FROM users WHERE username = 'dana'")
                    .mapTo(String.class).one());
            assertThat(stored).startsWith("v1:").doesNotContain(pending);
        }
        api = null;
    }

    @Test
    void theQrCodeOfThePendingEnrollmentIsAnSvgDocumentNotCached() throws Exception {
        TestServer.Session session = api.login("dana", PASSWORD);
        assertProblem(api.send(session.request("/api/v1/auth/totp/qr.svg").GET()), 404, "no two-factor enrollment is pending");
        String secret = json(post(session, "/api/v1/auth/totp/enroll", "")).get("secret").asText();

        HttpResponse<String> qr = api.send(session.request("/api/v1/auth/totp/qr.svg").GET());
        assertThat(qr.statusCode()).as(qr.body()).isEqualTo(200);
        assertThat(qr.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(qr.headers().firstValue("Cache-Control")).contains("no-store");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(true);
        Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(qr.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength()).isEqualTo(1);
        assertThat(qr.body()).doesNotContain(secret);

        // Without a session cookie or token: no QR code.
        assertThat(api.getAnonymous("/api/v1/auth/totp/qr.svg").statusCode()).isEqualTo(401);
    }

    @Test
    void reEnrollingReplacesThePendingSecretAndAWrongCodeDoesNotConfirm() {
        TestServer.Session session = api.login("dana", PASSWORD);
        byte[] first = Base32.decode(json(post(session, "/api/v1/auth/totp/enroll", "")).get("secret").asText());
        byte[] second = Base32.decode(json(post(session, "/api/v1/auth/totp/enroll", "")).get("secret").asText());
        assertThat(second).isNotEqualTo(first);

        assertProblem(post(session, "/api/v1/auth/totp/confirm", "{\"code\":\"" + codeAt(first, 0) + "\"}"), 400, "does not match");
        assertProblem(post(session, "/api/v1/auth/totp/confirm", "{\"code\":\"12345\"}"), 400, "does not match");
        assertProblem(post(session, "/api/v1/auth/totp/confirm", "{}"), 400, "code");
        assertThat(login(null).statusCode()).as("still off").isEqualTo(200);

        assertThat(post(session, "/api/v1/auth/totp/confirm", "{\"code\":\"" + codeAt(second, 1) + "\"}").statusCode()).isEqualTo(200);
        assertProblem(post(session, "/api/v1/auth/totp/confirm", "{\"code\":\"" + codeAt(second, 1) + "\"}"), 409, "already on");
        assertProblem(api.send(session.request("/api/v1/auth/totp/qr.svg").GET()), 409, "already on");
        assertProblem(login(null), 401, "two-factor");
    }

    @Test
    void disablingNeedsThePasswordAndACode() {
        TestServer.Session session = api.login("dana", PASSWORD);
        assertProblem(post(session, "/api/v1/auth/totp/disable", "{\"password\":\"" + PASSWORD + "\",\"code\":\"123456\"}"), 409, "not on");
        Enrolled enrolled = enrollAndConfirm(session);
        clock.advance(Duration.ofSeconds(30));
        String code = codeAt(enrolled.secret(), 0);

        assertProblem(post(session, "/api/v1/auth/totp/disable", "{\"password\":\"" + PASSWORD + "\"}"), 400, "code");
        assertProblem(post(session, "/api/v1/auth/totp/disable", "{\"password\":\"wrong-password-1\",\"code\":\"" + code + "\"}"), 403, "wrong");
        assertProblem(post(session, "/api/v1/auth/totp/disable", "{\"password\":\"" + PASSWORD + "\",\"code\":\"AAAA-BBBB-CCCC\"}"), 403, "wrong");
        assertProblem(login(null), 401, "two-factor");

        HttpResponse<String> off = post(session, "/api/v1/auth/totp/disable",
                "{\"password\":\"" + PASSWORD + "\",\"code\":\"" + enrolled.recoveryCodes().get(0) + "\"}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(204);
        assertThat(login(null).statusCode()).isEqualTo(200);
        // Without the session's CSRF token a browser cannot enroll behind the user's back.
        HttpResponse<String> noCsrf = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/auth/totp/enroll")))
                .header("Cookie", session.cookie()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
    }

    @Test
    void onlyAnAdminResetsAnotherUsersTwoFactor() {
        TestServer.Session session = api.login("dana", PASSWORD);
        enrollAndConfirm(session);
        assertProblem(post(session, "/api/v1/users/dana/totp/reset", ""), 403, "users_write");
        assertProblem(login(null), 401, "two-factor");
    }
}
