package io.drover.server.testing;

import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real server on 127.0.0.1 on a free port, and a small HTTP client for it. */
public final class TestServer implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ServerConfig config;
    private DroverServer server;
    private final String adminToken;

    public TestServer(ServerConfig config) {
        this.config = config;
        this.server = DroverServer.start(config);
        this.adminToken = server.initialAdminToken().orElse(null);
    }

    /** A server on {@code store} with a data dir under {@code tmp}; {@code tweak} adjusts the config. */
    public static TestServer start(TestStores store, Path tmp, UnaryOperator<ServerConfig> tweak) {
        // Plain HTTP on a second port for the tests' client; agents (FakeAgent) use the HTTPS port.
        ServerConfig base = ServerConfig.defaults(tmp.resolve("data")).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0));
        base = base.withDb(store.freshUrl(tmp), null, null);
        return new TestServer(tweak.apply(base));
    }

    public DroverServer server() {
        return server;
    }

    public String adminToken() {
        return adminToken;
    }

    /** Stops and starts the server on the same store (and port 0 again). */
    public void restart() {
        server.close();
        server = DroverServer.start(config);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    /** The HTTPS port (mutual TLS for agents). */
    public int httpsPort() {
        return server.port();
    }

    public String httpsUrl(String path) {
        return "https://127.0.0.1:" + server.port() + path;
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

    /** A POST with the admin token. */
    public HttpResponse<String> postAsAdmin(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> register(String hostname, String ip) {
        return post("/api/register", "{\"hostname\":\"" + hostname + "\",\"ip_address\":\"" + ip + "\",\"interface\":\"eth0\"}");
    }

    public HttpResponse<String> delete(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).DELETE();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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
