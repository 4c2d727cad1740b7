package io.drover.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drover.server.http.ApiDocs;
import io.drover.server.testing.ApiAssertions;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every operation of the OpenAPI spec with every kind of caller and checks the guard's
 * answer against docs/route-permissions.tsv (see its header for how to read it). Placeholder path
 * parameters and empty or minimal bodies: an allowed request may well end in 400 or 404, which
 * shows the guard let it through.
 */
class RouteRoleMatrixTest {
    static final String MATRIX = "docs/route-permissions.tsv";
    static final List<String> CALLERS = List.of("anonymous", "viewer", "operator", "admin", "admin_ro", "admin_nocsrf", "host");
    private static final String VIEWER_PW = "viewer-password-123";
    private static final String OPERATOR_PW = "operator-password-123";

    @TempDir
    Path tmp;

    /** One row of the matrix: an operation and the expected outcome per caller. */
    record Row(String method, String path, String permission, Map<String, String> expected) {
        String key() {
            return method + " " + path;
        }
    }

    /** What a caller adds to a request; {@code password} for the routes that want the caller's own. */
    /** A caller: its headers, its password (for the password route), and for a host the mTLS client it sends with. */
    record Caller(String name, Map<String, String> headers, String password, HttpClient client) {
        Caller(String name, Map<String, String> headers, String password) {
            this(name, headers, password, null);
        }
    }

    @Test
    void everySpecOperationHasARowAndEveryRowIsASpecOperation() throws IOException {
        Map<String, String> spec = specOperations();
        Map<String, Row> matrix = matrix();
        TreeSet<String> missingRows = new TreeSet<>(spec.keySet());
        missingRows.removeAll(matrix.keySet());
        TreeSet<String> extraRows = new TreeSet<>(matrix.keySet());
        extraRows.removeAll(spec.keySet());
        assertThat(missingRows).as("spec operations without a row in " + MATRIX).isEmpty();
        assertThat(extraRows).as("rows of " + MATRIX + " that are no spec operation").isEmpty();
        for (Row row : matrix.values()) {
            assertThat(row.permission()).as("permission of " + row.key()).isEqualTo(spec.get(row.key()));
            assertThat(row.expected().keySet()).as("callers of " + row.key()).containsExactlyElementsOf(CALLERS);
            row.expected().forEach((caller, value) -> assertThat(value).as(row.key() + " for " + caller).isIn("allow", "401", "403"));
        }
    }

    @Test
    void everyOperationAnswersEveryCallerAsTheMatrixSays() throws Exception {
        Map<String, Row> matrix = matrix();
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        try (TestServer api = TestServer.start(TestStores.H2, tmp, c -> c.withIdentity(generousLimits()))) {
            List<Caller> callers = callers(api);
            for (Row row : matrix.values()) {
                for (Caller caller : callers) {
                    Reply reply = send(api, row, caller);
                    sent++;
                    String problem = check(row, row.expected().get(caller.name()), reply);
                    if (problem != null) wrong.add(row.key() + " as " + caller.name() + ": " + problem);
                }
            }
        }
        System.out.println("RouteRoleMatrixTest: " + sent + " requests for " + matrix.size() + " operations");
        assertThat(wrong).as("answers that disagree with " + MATRIX).isEmpty();
    }

    /**
     * The permissions the session answer lists (what the console offers) are exactly those whose
     * routes the matrix lets the caller through, for each role and a read-only token; the login
     * answer says the same as the session answer.
     */
    @Test
    void theSessionAnswerListsExactlyThePermissionsTheMatrixAllows() throws Exception {
        Map<String, Row> matrix = matrix();
        Row session = matrix.get("GET /api/v1/auth/session");
        List<String> checked = new ArrayList<>();
        try (TestServer api = TestServer.start(TestStores.H2, tmp, c -> c.withIdentity(generousLimits()))) {
            List<Caller> callers = callers(api);
            for (Caller caller : callers) {
                // A session without its CSRF token holds its permissions but cannot use the writes; hosts and nobody have no session answer.
                if (!List.of("viewer", "operator", "admin", "admin_ro").contains(caller.name())) continue;
                Reply reply = send(api, session, caller);
                assertThat(reply.status()).as(caller.name() + ": " + reply.body()).isEqualTo(200);
                JsonNode body = ApiAssertions.JSON.readTree(reply.body());
                TreeSet<String> held = new TreeSet<>();
                body.path("permissions").forEach(p -> held.add(p.asText()));
                TreeSet<String> allowed = new TreeSet<>();
                for (Row row : matrix.values()) {
                    // Registration routes are open to anyone while no registration token is set; no user holds the permission.
                    if (row.expected().get(caller.name()).equals("allow") && !row.permission().equals("registration")) allowed.add(row.permission());
                }
                assertThat(held).as("permissions in the session answer of " + caller.name()).isEqualTo(allowed);
                assertThat(body.path("all_projects").asBoolean()).as("all_projects of " + caller.name())
                        .isEqualTo(caller.name().startsWith("admin"));
                checked.add(caller.name());
            }
            HttpResponse<String> login = api.post("/api/v1/auth/login",
                    "{\"username\":\"matrix-operator\",\"password\":\"" + OPERATOR_PW + "\"}");
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            JsonNode signedIn = ApiAssertions.JSON.readTree(login.body());
            Caller operator = callers.stream().filter(c -> c.name().equals("operator")).findFirst().orElseThrow();
            JsonNode asked = ApiAssertions.JSON.readTree(send(api, session, operator).body());
            assertThat(signedIn.path("permissions")).as("login and session answers").isEqualTo(asked.path("permissions"));
            assertThat(signedIn.path("all_projects")).isEqualTo(asked.path("all_projects"));
        }
        assertThat(checked).containsExactly("viewer", "operator", "admin", "admin_ro");
    }

    @Test
    void registrationRoutesNeedTheRegistrationTokenOnceOneIsSet() throws Exception {
        String registration = "reg-" + UUID.randomUUID();
        List<String> wrong = new ArrayList<>();
        try (TestServer api = TestServer.start(TestStores.H2, tmp, c -> c.withIdentity(generousLimits()).withRegistrationToken(registration))) {
            List<Caller> callers = new ArrayList<>(callers(api));
            callers.add(new Caller("registration_token", Map.of("Authorization", "Bearer " + registration), null));
            callers.add(new Caller("wrong_registration_token", Map.of("Authorization", "Bearer " + registration + "x"), null));
            for (Row row : matrix().values()) {
                if (!row.permission().equals("registration")) continue;
                for (Caller caller : callers) {
                    String expected = caller.name().equals("registration_token") ? "allow" : "401";
                    String problem = check(row, expected, send(api, row, caller));
                    if (problem != null) wrong.add(row.key() + " as " + caller.name() + ": " + problem);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    static IdentitySettings generousLimits() {
        IdentitySettings d = IdentitySettings.defaults();
        return d.withRateLimits(10_000, 10_000, d.failureWindow(), 100_000, 100_000);
    }

    /** The callers of the matrix's columns, made through the API as a user would make them. */
    static List<Caller> callers(TestServer api) throws Exception {
        String admin = api.adminToken();
        createUser(api, "matrix-viewer", VIEWER_PW, "viewer");
        createUser(api, "matrix-operator", OPERATOR_PW, "operator");
        String adminPassword = api.server().initialAdminPassword().orElseThrow();
        TestServer.Session session = api.login(Users.FIRST_ADMIN, adminPassword);
        HttpResponse<String> ro = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/auth/tokens")))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"read only\",\"read_only\":true}")));
        assertThat(ro.statusCode()).as(ro.body()).isEqualTo(201);
        String readOnly = ApiAssertions.json(ro).get("token").asText();
        return List.of(
                new Caller("anonymous", Map.of(), null),
                new Caller("viewer", bearer(api.tokenFor("matrix-viewer", VIEWER_PW)), VIEWER_PW),
                new Caller("operator", bearer(api.tokenFor("matrix-operator", OPERATOR_PW)), OPERATOR_PW),
                new Caller("admin", bearer(admin), adminPassword),
                new Caller("admin_ro", bearer(readOnly), adminPassword),
                new Caller("admin_nocsrf", Map.of("Cookie", session.cookie()), adminPassword),
                new Caller("host", Map.of(), null, api.joinHost("matrix-host").client()));
    }


    static void createUser(TestServer api, String username, String password, String role) {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** Null when the reply is what {@code expected} says, else what is wrong with it. */
    static String check(Row row, String expected, Reply reply) {
        if (reply.status() >= 500) return "status " + reply.status() + " " + reply.body();
        if (expected.equals("allow")) {
            return reply.status() == 401 || reply.status() == 403 ? "expected allow, got " + reply.status() + " " + reply.body() : null;
        }
        int status = Integer.parseInt(expected);
        if (reply.status() != status) return "expected " + status + ", got " + reply.status() + " " + reply.body();
        try {
            JsonNode body = ApiAssertions.JSON.readTree(reply.body());
            if (row.path().startsWith("/api/v1/")) {
                if (!reply.contentType().startsWith("application/problem+json")) return "not a problem document: " + reply.contentType();
                if (body.path("status").asInt() != status || body.path("detail").asText().isBlank()) return "bad problem: " + reply.body();
            } else if (!"error".equals(body.path("status").asText()) || body.path("message").asText().isBlank()) {
                return "bad error body: " + reply.body();
            }
        } catch (IOException e) {
            return "error body is not JSON: " + reply.body();
        }
        return null;
    }

    record Reply(int status, String contentType, String body) {}

    /** The operation with placeholder path parameters and an empty or minimal body, as {@code caller}. */
    static Reply send(TestServer api, Row row, Caller caller) throws IOException, InterruptedException {
        String path = row.path()
                .replace("{hostname}", "nope-host")
                .replace("{name}", "nope-project")
                .replace("{network}", "nope-network")
                .replace("{subnet}", "10.0.0.0%2F24")
                .replace("{id}", UUID.randomUUID().toString());
        // Everyone calls the HTTPS port; a host's client also presents its certificate.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url(path)))
                .timeout(Duration.ofSeconds(10));
        caller.headers().forEach(request::header);
        String body = switch (row.key()) {
            // A valid login (its own credentials are checked, not the caller's).
            case "POST /api/v1/auth/login" -> "{\"username\":\"matrix-viewer\",\"password\":\"" + VIEWER_PW + "\"}";
            // The caller's own current password and a new one too short: a 400 once through the guard.
            case "POST /api/v1/auth/password" -> "{\"current_password\":\"" + (caller.password() == null ? "x" : caller.password())
                    + "\",\"new_password\":\"short\"}";
            default -> row.method().equals("GET") || row.method().equals("DELETE") ? null : "{}";
        };
        if (body == null) {
            request.method(row.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(row.method(), HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<InputStream> response = (caller.client() != null ? caller.client() : api.client())
                .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            // The event stream never ends: its status and type are the answer.
            if (contentType.startsWith("text/event-stream")) return new Reply(response.statusCode(), contentType, "");
            return new Reply(response.statusCode(), contentType, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** "METHOD /path" → x-permission, for every operation of the spec. */
    static Map<String, String> specOperations() throws IOException {
        JsonNode spec;
        try (InputStream in = RouteRoleMatrixTest.class.getResourceAsStream(ApiDocs.SPEC_RESOURCE)) {
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        Map<String, String> operations = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) continue;
                operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue().path("x-permission").asText());
            }
        }
        return operations;
    }

    /** The rows of docs/route-permissions.tsv by "METHOD /path"; a duplicate row is an error. */
    static Map<String, Row> matrix() throws IOException {
        List<String> lines = Files.readAllLines(repoFile(MATRIX));
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) continue;
            List<String> cells = List.of(line.split("\t", -1));
            if (header == null) {
                header = cells;
                assertThat(header).as("header of " + MATRIX).containsExactlyElementsOf(
                        concat(List.of("method", "path", "permission"), CALLERS));
                continue;
            }
            assertThat(cells).as("cells of: " + line).hasSize(header.size());
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 3; i < cells.size(); i++) expected.put(header.get(i), cells.get(i));
            Row row = new Row(cells.get(0), cells.get(1), cells.get(2), expected);
            assertThat(rows.put(row.key(), row)).as("duplicate row " + row.key()).isNull();
        }
        return rows;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A file of the repository, found from the module directory Maven runs the tests in. */
    static Path repoFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) return candidate;
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
