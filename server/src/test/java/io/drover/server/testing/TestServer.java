package io.drover.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.identity.Users;
import io.drover.server.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A real server on 127.0.0.1 on a free port, and a small HTTPS client for it that trusts its
 * certificate. The server also has a plain HTTP port ({@link #plainUrl}), which serves only the
 * tracker's routes, as in production.
 */
public final class TestServer implements AutoCloseable {
    private final HttpClient client;
    private final SSLContext tls;

    private final ServerConfig config;
    private final Clock clock;
    private DroverServer server;
    private final String adminToken;

    public TestServer(ServerConfig config) {
        this(config, Clock.systemUTC());
    }

    /** A server reading time from {@code clock} (e.g. a {@link MutableClock}), kept across {@link #restart}. */
    public TestServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.server = DroverServer.start(config, clock);
        // The certificate is kept in the data dir, so this trust outlives a restart.
        this.tls = TestTls.context(server.tlsCertificate(), null, null);
        // The connect includes the TLS handshake, which a loaded 2-core CI machine may take seconds over.
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).sslContext(tls).build();
        this.adminToken = server.initialAdminPassword().map(password -> tokenFor(Users.FIRST_ADMIN, password)).orElse(null);
    }

    /** Signs in over the API and makes an API token, as a user would: the credential the tests act with. */
    public String tokenFor(String username, String password) {
        Session session = login(username, password);
        HttpResponse<String> created = send(session.request("/api/v1/auth/tokens")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"tests\"}")));
        if (created.statusCode() != 201) throw new IllegalStateException("token for " + username + ": " + created.body());
        return Json.field(created.body(), "token");
    }

    /** Uploads a 1 MiB raw image named {@code tiny} as the admin (VMs need an image). */
    public void addTinyImage(Path dir) {
        HttpResponse<String> r = uploadImage(adminToken(), "tiny", new byte[1 << 20]);
        if (r.statusCode() != 201) throw new IllegalStateException("image tiny: " + r.body());
    }

    /** Uploads {@code bytes} as an image named {@code name} with {@code token} ({@code application/octet-stream}). */
    public HttpResponse<String> uploadImage(String token, String name, byte[] bytes) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/images?name=" + name))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** Makes a project as the admin. */
    public void createProject(String name) {
        HttpResponse<String> r = postAsAdmin("/api/v1/projects", "{\"name\":\"" + name + "\"}");
        if (r.statusCode() != 201) throw new IllegalStateException("project " + name + ": " + r.body());
    }

    /** Makes a user with {@code role} in {@code projects} (as the admin) and returns an API token that acts as them. */
    public String userToken(String username, String role, String... projects) {
        String password = "test-password-" + username;
        String memberOf = Arrays.stream(projects).map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        HttpResponse<String> r = postAsAdmin("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"role\":\"" + role + "\",\"projects\":[" + memberOf + "]}");
        if (r.statusCode() != 201) throw new IllegalStateException("user " + username + ": " + r.body());
        return tokenFor(username, password);
    }

    /** A host that joined: its id, and an HTTP client that presents its certificate (for {@link #httpsUrl}). */
    public record JoinedHost(String id, HttpClient client) {}

    /**
     * Joins a host named {@code name} as an agent does (join token and CSR over HTTPS): the one
     * place the tests get a client that proves a host, by mutual TLS.
     */
    public JoinedHost joinHost(String name) throws Exception {
        FakeAgent.Joined joined = FakeAgent.joinOnly(this, name);
        return new JoinedHost(joined.hostId(), TestTls.client(server, joined.key().getPrivate(), joined.certificate()));
    }

    /** A join's body: the token, the name and a real CSR (a bad CSR is refused before the token is looked at). */
    public static String joinBody(String token, String name) {
        try {
            return new ObjectMapper().writeValueAsString(
                    Map.of("join_token", token, "name", name, "csr", TestTls.csr(TestTls.newKey(), name)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A browser-like session: its cookie and CSRF token. */
    public record Session(String cookie, String csrfToken, TestServer server) {
        /** A request with the session cookie and CSRF token (as the console sends them). */
        public HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(server.url(path))).header("Cookie", cookie).header("X-CSRF-Token", csrfToken);
        }
    }

    public Session login(String username, String password) {
        HttpResponse<String> reply = post("/api/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (reply.statusCode() != 200) throw new IllegalStateException("login of " + username + ": " + reply.statusCode() + " " + reply.body());
        String setCookie = reply.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), Json.field(reply.body(), "csrf_token"), this);
    }

    /** A server on {@code store} with a data dir under {@code tmp}; {@code tweak} adjusts the config. */
    public static TestServer start(TestStores store, Path tmp, UnaryOperator<ServerConfig> tweak) {
        return start(store, tmp, tweak, Clock.systemUTC());
    }

    /** As {@link #start(TestStores, Path, UnaryOperator)} with the server reading time from {@code clock}. */
    public static TestServer start(TestStores store, Path tmp, UnaryOperator<ServerConfig> tweak, Clock clock) {
        // Plain HTTP on a second port, as deployments have it for trackers; everything else is HTTPS.
        ServerConfig base = ServerConfig.defaults(tmp.resolve("data")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0));
        base = base.withDb(store.freshUrl(tmp), null, null);
        return new TestServer(tweak.apply(base), clock);
    }

    public DroverServer server() {
        return server;
    }

    /** The config the server runs with (e.g. to open its store after {@link #close}). */
    public ServerConfig config() {
        return config;
    }

    public String adminToken() {
        return adminToken;
    }

    /** Stops and starts the server on the same store (and port 0 again). */
    public void restart() {
        server.close();
        server = DroverServer.start(config, clock);
    }

    /** The HTTPS URL of {@code path}: what the tests' client ({@link #client}) and browsers use. */
    public String url(String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    /** The plain HTTP URL of {@code path} (trackers: {@code POST /api/register}, {@code GET /install.sh}). */
    public String plainUrl(String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    /** The HTTPS port (mutual TLS for agents). */
    public int httpsPort() {
        return server.port();
    }

    public String httpsUrl(String path) {
        return url(path);
    }

    /** An HTTPS client that trusts this server's certificate and presents none. */
    public HttpClient client() {
        return client;
    }

    /** TLS that trusts this server's certificate (for {@link RawHttp#send(SSLContext, int, RawHttp.Request)}). */
    public SSLContext tls() {
        return tls;
    }

    /** {@code request} byte for byte over HTTPS. */
    public RawHttp.Reply raw(RawHttp.Request request) throws IOException {
        return RawHttp.send(tls, server.port(), request);
    }

    /** A GET as the admin: reads need a signed-in user. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + adminToken()).GET());
    }

    /** A GET with no credentials. */
    public HttpResponse<String> getAnonymous(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON string field of a JSON object (tests' small parsing needs). */
    static final class Json {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        static String field(String json, String name) {
            try {
                return MAPPER.readTree(json).path(name).asText(null);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON: " + json, e);
            }
        }
    }

    /** A POST with the admin token. */
    public HttpResponse<String> postAsAdmin(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A request with {@code token} as the bearer; {@code body} null for none. */
    public HttpResponse<String> as(String token, String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A tracker's heartbeat, over the plain port as trackers in guests send it. */
    public HttpResponse<String> register(String hostname, String ip) {
        String body = "{\"hostname\":\"" + hostname + "\",\"ip_address\":\"" + ip + "\",\"interface\":\"eth0\"}";
        return send(HttpRequest.newBuilder(URI.create(plainUrl("/api/register"))).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).DELETE();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
