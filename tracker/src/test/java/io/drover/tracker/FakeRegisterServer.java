package io.drover.tracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the Drover server's {@code POST /api/register}, on 127.0.0.1 only. Records
 * every request and answers with whatever the test set last.
 */
final class FakeRegisterServer implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, String body, long receivedNanos) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    static final String OK_BODY = "{\"status\":\"ok\",\"message\":\"VM registered\"}";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<Request> requests;
    private final CountDownLatch releaseHangingRequests = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = OK_BODY;
    private volatile boolean hang;

    private FakeRegisterServer(int port, List<Request> requests) throws IOException {
        this.requests = requests;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeRegisterServer start() throws IOException {
        return new FakeRegisterServer(0, new CopyOnWriteArrayList<>());
    }

    /** A new server on the same port that keeps appending to this one's request list. */
    FakeRegisterServer restartOnSamePort() throws IOException {
        return new FakeRegisterServer(port(), requests);
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    URI registerUri() {
        return URI.create(baseUri() + "/api/register");
    }

    List<Request> requests() {
        return requests;
    }

    void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    /** Requests from now on get no answer until the server is closed. */
    void hang() {
        hang = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String requestBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), requestBody, System.nanoTime()));
            if (hang) {
                releaseHangingRequests.await(30, TimeUnit.SECONDS);
            }
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        releaseHangingRequests.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
