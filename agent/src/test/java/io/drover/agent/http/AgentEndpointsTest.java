package io.drover.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The agent's unauthenticated port on loopback: {@code /v1/info} is the identity discovery needs and nothing more. */
class AgentEndpointsTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(AgentEndpoints endpoints, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void infoIsTheAgentsIdentityOnly() throws Exception {
        try (AgentEndpoints endpoints = new AgentEndpoints("127.0.0.1", 0,
                () -> new AgentEndpoints.Identity("1.2.3", "kvm-1", "0b5c6d3e-0000-4000-8000-000000000001"), () -> "")) {
            HttpResponse<String> r = get(endpoints, "/v1/info");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode info = new ObjectMapper().readTree(r.body());
            assertThat(info.fieldNames()).toIterable().containsExactly("agent", "version", "hostname", "host_id");
            assertThat(info.get("agent").asText()).isEqualTo("drover-agent");
            assertThat(info.get("hostname").asText()).isEqualTo("kvm-1");
        }
    }

    @Test
    void anAgentThatHasNotJoinedHasNoHostId() throws Exception {
        try (AgentEndpoints endpoints = new AgentEndpoints("127.0.0.1", 0, () -> new AgentEndpoints.Identity("1.2.3", "kvm-1", null), () -> "")) {
            JsonNode info = new ObjectMapper().readTree(get(endpoints, "/v1/info").body());
            assertThat(info.fieldNames()).toIterable().containsExactly("agent", "version", "hostname");
            assertThat(get(endpoints, "/v1/info/x").statusCode()).isEqualTo(404);
        }
    }
}
