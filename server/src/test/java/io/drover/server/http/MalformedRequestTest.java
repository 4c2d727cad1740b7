package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.identity.IdentitySettings;
import io.drover.server.testing.RawHttp;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 12: {@code GET /api/v1/vms/%u002e} (and every other route with a path
 * parameter) answered 500 and logged a 30-line stack trace, without credentials: Javalin decodes
 * path and query parameters with {@code URLDecoder}, which throws on a {@code %} not followed by two
 * hex digits. A body whose {@code Content-Type} names an unknown charset did the same wherever a
 * handler read the content type. Both are the client's mistake: 400 problems, logged in one line.
 */
class MalformedRequestTest {
    /** Escapes Jetty lets through but URLDecoder refuses (Jetty itself already answers 400 to e.g. {@code %zz}). */
    static final List<String> MALFORMED = List.of("%u002e", "%u2215etc", "a%u", "%uD800%uDC00", "x%G1", "%-1", "%%2e");
    static final List<String> CHARSETS = List.of("bogus", "\"\"", "x'y", "x/y", "UTF-9000");

    @TempDir
    Path tmp;
    TestServer api;

    @BeforeEach
    void start() {
        IdentitySettings d = IdentitySettings.defaults();
        api = TestServer.start(TestStores.H2, tmp, c -> c.withIdentity(d.withRateLimits(10_000, 10_000, d.failureWindow(), 100_000, 100_000)));
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void malformedEscapesInPathsAndQueriesAndUnknownCharsetsAre400sLoggedInOneLine() throws Exception {
        List<RawHttp.Request> attacks = new ArrayList<>();
        for (Route route : api.server().routes()) {
            String method = route.method().name();
            boolean body = !method.equals("GET") && !method.equals("DELETE");
            RawHttp.Request plain = new RawHttp.Request(method, route.path().replaceAll("\\{[^}]+}", "x"), List.of(),
                    body ? "{}".getBytes(StandardCharsets.UTF_8) : null);
            if (route.path().contains("{")) {
                for (String value : MALFORMED) {
                    attacks.add(new RawHttp.Request(method, route.path().replaceAll("\\{[^}]+}", value), List.of(), plain.body()));
                }
            }
            attacks.add(new RawHttp.Request(method, plain.target() + "?q=%u002e&limit=1%", List.of(), plain.body()));
            if (body) {
                for (String charset : CHARSETS) attacks.add(plain.with("Content-Type", "application/json; charset=" + charset));
                attacks.add(plain.with("Content-Type", "multipart/form-data; boundary=zz; charset=bogus"));
            }
        }
        List<RawHttp.Request> all = new ArrayList<>();
        for (RawHttp.Request attack : attacks) {
            all.add(attack);
            all.add(attack.with("Authorization", "Bearer " + api.adminToken()));
        }

        List<String> wrong = new ArrayList<>();
        String log = capturingStandardError(() -> {
            for (RawHttp.Request r : all) {
                RawHttp.Reply reply = api.raw(r);
                String what = r.method() + " " + r.target() + " " + r.headers();
                if (reply.status() != 400) wrong.add(what + ": " + reply.status() + " " + clip(reply.body()));
                else if (!reply.header("Content-Type").startsWith(r.target().startsWith("/api/v1/") ? "application/problem+json" : "application/")
                        || !reply.body().contains("\"status\"")) {
                    // Off /api/v1/ errors keep the original tracker's {"status":"error","message":…} (a problem when Jetty refused the request line).
                    wrong.add(what + ": not an error body of its path: " + reply.header("Content-Type") + " " + clip(reply.body()));
                }
                else if (reply.body().contains("Exception") || reply.body().contains("java.")) wrong.add(what + ": leaks: " + reply.body());
            }
        });
        System.out.println("MalformedRequestTest: " + all.size() + " requests");
        assertThat(wrong).as("%d answers other than a 400 problem", wrong.size()).isEmpty();
        List<String> lines = log.lines().toList();
        assertThat(lines).as("log lines").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        assertThat(lines.size()).as("log lines for %d requests", all.size()).isLessThanOrEqualTo(all.size());
        // Well-formed requests still work.
        assertThat(api.get("/api/v1/vms?q=a%20b").statusCode()).isEqualTo(200);
    }

    private static String clip(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    interface Attack {
        void run() throws Exception;
    }

    /** What the server logs (slf4j-simple writes to System.err as it is at each call) while {@code attack} runs. */
    static String capturingStandardError(Attack attack) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            attack.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
