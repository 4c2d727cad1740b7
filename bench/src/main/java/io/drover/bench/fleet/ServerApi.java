package io.drover.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import io.drover.agent.tls.HostCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The few REST calls the simulator makes, with an admin's API token where they need it. */
final class ServerApi {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A non-2xx answer. */
    static final class Refused extends IOException {
        final int status;

        Refused(String what, int status, String body) {
            super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
            this.status = status;
        }
    }

    /** A joined host: its id and the key and client certificate its link presents. */
    record Joined(String hostId, HostCertificate certificate) {}

    private final HttpClient http;
    private final URI base;
    private final String adminToken;

    ServerApi(HttpClient http, URI base, String adminToken) {
        this.http = http;
        this.base = base;
        this.adminToken = adminToken;
    }

    /** Joins as a real agent does: a new EC key, its CSR and a join token; the certificate comes back. */
    Joined join(String name) throws IOException, InterruptedException {
        JsonNode token = send(post("/api/v1/hosts/join-tokens", "{}", true), "POST join-tokens");
        KeyPair key = HostCertificate.newKey();
        ObjectNode body = SimHost.JSON.createObjectNode().put("join_token", token.path("token").asText()).put("name", name)
                .put("csr", HostCertificate.csr(key, name));
        JsonNode reply = send(post("/api/v1/hosts/join", body.toString(), false), "POST join");
        return new Joined(reply.path("host_id").asText(), HostCertificate.of(key, reply.path("certificate").asText()));
    }

    /** Registers the file as a raw image (or finds the one registered before under that name); returns its name. */
    String image(String name, String path) throws IOException, InterruptedException {
        ObjectNode body = SimHost.JSON.createObjectNode().put("name", name).put("path", path).put("format", "raw");
        try {
            send(post("/api/v1/images", body.toString(), true), "POST images");
        } catch (Refused e) {
            if (e.status != 409) throw e;
        }
        return name;
    }

    /** Starts a create, pinned to {@code hostId} unless it is null; completes with the task id, or exceptionally. */
    CompletableFuture<String> createVm(String name, String hostId, String image) {
        ObjectNode body = SimHost.JSON.createObjectNode().put("name", name).put("cpus", 1).put("memory_mib", 1024)
                .put("disk_gib", 1).put("image", image);
        if (hostId != null) body.put("host", hostId);
        return http.sendAsync(post("/api/v1/vms", body.toString(), true), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> {
                    if (r.statusCode() != 202) throw new IllegalStateException(new Refused("POST vms " + name, r.statusCode(), r.body()));
                    try {
                        return SimHost.JSON.readTree(r.body()).path("task").path("id").asText();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).header("Accept", "application/json")
                        .header("Authorization", "Bearer " + adminToken).GET().build(),
                "GET " + pathAndQuery);
    }

    String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + adminToken).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) throw new Refused("GET " + path, r.statusCode(), r.body());
        return r.body();
    }

    private HttpRequest post(String path, String json, boolean admin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (admin) b.header("Authorization", "Bearer " + adminToken);
        return b.build();
    }

    private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) throw new Refused(what, r.statusCode(), r.body());
        return r.body().isEmpty() ? SimHost.JSON.createObjectNode() : SimHost.JSON.readTree(r.body());
    }
}
