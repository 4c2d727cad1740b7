package io.drover.e2e.guest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The two tracker endpoints of the Drover server, on 127.0.0.1 only: GET /install.sh serves a
 * given script, POST /api/register records what it got and answers like the server.
 */
final class FakeDroverServer implements AutoCloseable {
    record Registration(String authorization, String contentType, String body, Instant at) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private volatile String installScript = "";
    private volatile int registerStatus = 200;
    private volatile String registerBody = "{\"status\":\"ok\",\"message\":\"VM registered\"}";

    private FakeDroverServer(HttpServer server) {
        this.server = server;
    }

    static FakeDroverServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeDroverServer fake = new FakeDroverServer(http);
        http.createContext("/install.sh", fake::install);
        http.createContext("/api/register", fake::register);
        http.setExecutor(fake.executor);
        http.start();
        return fake;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void serveInstallScript(String script) {
        installScript = script;
    }

    /** What POST /api/register answers from now on (it still records every request). */
    void answerRegistrations(int status, String body) {
        registerStatus = status;
        registerBody = body;
    }

    List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    private void install(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            respond(exchange, 405, "text/plain", "GET only");
            return;
        }
        respond(exchange, 200, "text/x-shellscript", installScript);
    }

    private void register(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "text/plain", "POST only");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        registrations.add(new Registration(
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body,
                Instant.now()));
        respond(exchange, registerStatus, "application/json", registerBody);
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
