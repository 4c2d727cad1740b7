package io.drover.bench.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.AdminLogin;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.identity.IdentitySettings;
import io.drover.server.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * What signing in costs a request: the same small reads answered without credentials
 * ({@code GET /healthz}), with an API token and with a session cookie ({@code GET
 * /api/v1/auth/session}: the guard's lookups plus one user read), one request at a time on a
 * keep-alive connection to an in-process server on the embedded store; and what a login costs
 * (one Argon2id verification); and what a tracker's heartbeat ({@code POST /api/register}, a
 * known machine, nothing changed) costs without a token (open registration) and with a project's
 * registration token (hashed and looked up; remembered for a few seconds once checked). Rate
 * limits are off so only the work is measured.
 *
 * <p>{@code AuthCost [--requests N] [--logins M]}: prints p50, p99 and max in microseconds.
 */
public final class AuthCost {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AuthCost() {}

    public static void main(String[] args) throws Exception {
        int requests = 5_000;
        int logins = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--requests" -> requests = Math.max(100, Math.min(100_000, Integer.parseInt(args[i + 1])));
                case "--logins" -> logins = Math.max(1, Math.min(200, Integer.parseInt(args[i + 1])));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --requests N --logins M)");
            }
        }
        Path data = Files.createTempDirectory("drover-authcost");
        IdentitySettings unlimited = IdentitySettings.defaults().withRateLimits(0, 0, Duration.ofMinutes(15), 0, 0);
        try (DroverServer server = DroverServer.start(ServerConfig.defaults(data).withBind("127.0.0.1").withPort(0)
                // The plain port as behind a TLS-terminating proxy (it serves the API only then): this
                // measures the cost of signing in and of checking credentials, not that of TLS.
                .withTls(TlsSettings.defaults().withHttpPortBehindProxy(0)).withIdentity(unlimited))) {
            String base = "http://127.0.0.1:" + server.httpPort();
            String password = server.initialAdminPassword().orElseThrow();
            String token = AdminLogin.token(base, AdminLogin.ADMIN, password);
            AdminLogin.Session session = AdminLogin.login(base, AdminLogin.ADMIN, password);
            System.out.printf("machine: %d cores; %d requests per case after %d warm-up, one at a time%n",
                    Runtime.getRuntime().availableProcessors(), requests, requests / 5);
            report("no credentials   GET /healthz", measure(requests,
                    () -> HttpRequest.newBuilder(URI.create(base + "/healthz"))));
            report("API token        GET /api/v1/auth/session", measure(requests,
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/session")).header("Authorization", "Bearer " + token)));
            report("session cookie   GET /api/v1/auth/session", measure(requests,
                    () -> session.request("/api/v1/auth/session")));
            String beat = "{\"hostname\":\"bench-machine\",\"ip_address\":\"10.9.9.9\",\"interface\":\"eth0\"}";
            report("open registration POST /api/register", measure(requests,
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/register")).POST(HttpRequest.BodyPublishers.ofString(beat))));
            String projectToken = projectToken(base, token);
            String projectBeat = beat.replace("bench-machine", "bench-project-machine");
            report("project token    POST /api/register", measure(requests,
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/register")).header("Authorization", "Bearer " + projectToken)
                            .POST(HttpRequest.BodyPublishers.ofString(projectBeat))));
            String body = "{\"username\":\"admin\",\"password\":\"" + password + "\"}";
            report("login            POST /api/v1/auth/login", measure(logins,
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login")).POST(HttpRequest.BodyPublishers.ofString(body))));
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A project {@code bench} and a registration token of it, made with the admin's API token. */
    private static String projectToken(String base, String adminToken) throws Exception {
        post(base + "/api/v1/projects", adminToken, "{\"name\":\"bench\"}");
        String made = post(base + "/api/v1/projects/bench/registration-tokens", adminToken, "{\"name\":\"bench\"}");
        return new ObjectMapper().readTree(made).get("token").asText();
    }

    private static String post(String url, String bearer, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }

    private static Histogram measure(int count, Supplier<HttpRequest.Builder> request) throws Exception {
        Histogram micros = new Histogram(3);
        int warmup = count / 5;
        for (int i = 0; i < warmup + count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = HTTP.send(request.get().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - start) / 1_000;
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (i >= warmup) micros.recordValue(took);
        }
        return micros;
    }

    private static void report(String what, Histogram h) {
        System.out.printf("%s  p50 %6d us  p99 %6d us  max %7d us%n", what, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getMaxValue());
    }
}
