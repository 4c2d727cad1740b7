package io.drover.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drover.protocol.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's own small HTTP server: {@code GET /v1/info} (who it is, so that a scanner can tell
 * a real agent from an open port), {@code /healthz} and {@code /metrics}
 * (Prometheus text). Read only; nothing here changes the host.
 *
 * <p>Nobody signs in here, and by default it listens on every address (discovery scans for it):
 * {@code /v1/info} says only what a scanner needs, {@link Identity}. Certificates, the libvirt URI,
 * facts and errors are the agent's log's and the server's host view's business (issue 10, finding 13).
 */
public final class AgentEndpoints implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    /**
     * What {@code GET /v1/info} answers: {@code {"agent":"drover-agent","version","hostname","host_id"}}.
     *
     * @param hostname the host's name in Drover ({@code --name}, else the machine's hostname)
     * @param hostId the host's id once it has joined, else null (and left out)
     */
    public record Identity(String version, String hostname, String hostId) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("agent", "drover-agent");
            json.put("version", version);
            json.put("hostname", hostname);
            if (hostId != null) json.put("host_id", hostId);
            return json;
        }
    }

    public AgentEndpoints(String address, int port, Supplier<Identity> info, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.setExecutor(Executors.newFixedThreadPool(2, DaemonThreads.named("agent-http")));
        server.createContext("/v1/info", ex -> answer(ex, 200, "application/json", JSON.writeValueAsBytes(info.get().json())));
        server.createContext("/healthz", ex -> answer(ex, 200, "application/json", "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/metrics", ex -> answer(ex, 200, "text/plain; version=0.0.4", metrics.get().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/", ex -> answer(ex, 404, "application/json", "{\"detail\":\"no such endpoint\"}".getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            boolean exact = status != 200 || ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath());
            if (!exact) {
                status = 404;
                body = "{\"detail\":\"no such endpoint\"}".getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            }
            ex.getResponseHeaders().set("Content-Type", type);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
