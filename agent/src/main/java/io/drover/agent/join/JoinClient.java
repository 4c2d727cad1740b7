package io.drover.agent.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.JoinReply;
import io.drover.protocol.JoinRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents a join token to the server, trying each configured server in turn, and waits with
 * jittered exponential backoff (1 s to 30 s) while none answers. A refusal ends it at once.
 */
public final class JoinClient {
    private static final Logger log = LoggerFactory.getLogger(JoinClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> servers;
    private final Backoff backoff;

    public JoinClient(List<URI> servers, Backoff backoff) {
        this.servers = List.copyOf(servers);
        this.backoff = backoff;
    }

    public Credentials join(String token, String name) throws JoinRefused, InterruptedException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(new JoinRequest(token, name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; ; attempt++) {
            for (URI server : servers) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/hosts/join"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201) {
                        JoinReply reply = JSON.readValue(r.body(), JoinReply.class);
                        return new Credentials(reply.hostId(), reply.credential(), server.toString());
                    }
                    if (r.statusCode() >= 400 && r.statusCode() < 500) throw new JoinRefused(detail(r));
                    log.warn("joining through {} failed: HTTP {}", server, r.statusCode());
                } catch (IOException e) {
                    log.warn("cannot reach {} to join: {}", server, e.toString());
                }
            }
            Duration wait = backoff.delay(attempt);
            log.info("no server accepted the join yet; trying again in {} ms", wait.toMillis());
            Thread.sleep(wait.toMillis());
        }
    }

    private static String detail(HttpResponse<String> r) {
        try {
            JsonNode problem = JSON.readTree(r.body());
            if (problem.hasNonNull("detail")) return problem.get("detail").asText();
        } catch (IOException ignored) {
            // not a problem document; fall back to the status
        }
        return "HTTP " + r.statusCode();
    }
}
