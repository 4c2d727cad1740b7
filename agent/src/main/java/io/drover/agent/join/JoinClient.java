package io.drover.agent.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.retry.Backoff;
import io.drover.protocol.JoinReply;
import io.drover.protocol.JoinRequest;
import io.drover.protocol.RootCause;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents a join token and a CSR to the server over HTTPS (trusting it by its pinned
 * fingerprint), trying each configured server in turn, and waits with jittered exponential
 * backoff (1 s to 30 s) while none answers. A refusal ends it at once; so does a server whose
 * certificate is not the pinned one.
 */
public final class JoinClient {
    private static final Logger log = LoggerFactory.getLogger(JoinClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final List<URI> servers;
    private final Backoff backoff;

    /** @param http a client that trusts the server (pinned) and presents no certificate */
    public JoinClient(HttpClient http, List<URI> servers, Backoff backoff) {
        this.http = http;
        this.servers = List.copyOf(servers);
        this.backoff = backoff;
    }

    /** What a join returns: the server's reply and the server that gave it. */
    public record Joined(JoinReply reply, URI server) {}

    public Joined join(String token, String name, String csr) throws JoinRefused, InterruptedException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(new JoinRequest(token, name, csr));
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
                    if (r.statusCode() == 201) return new Joined(JSON.readValue(r.body(), JoinReply.class), server);
                    if (r.statusCode() >= 400 && r.statusCode() < 500) throw new JoinRefused(detail(r));
                    log.warn("joining through {} failed: HTTP {}", server, r.statusCode());
                } catch (SSLHandshakeException e) {
                    // Not the pinned server (or no common TLS): waiting will not change that.
                    throw new JoinRefused("the TLS handshake with " + server + " failed: " + RootCause.message(e));
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
