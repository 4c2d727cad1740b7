package io.drover.server.tracker;

import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.server.ServerConfig;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresRegistrationTokenApiTest extends RegistrationTokenApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }

    /**
     * Two replicas on one PostgreSQL: a token made on one is taken by the other within
     * {@link RegistrationTokens#REFRESH_MS} (it re-reads the live tokens that often, off the
     * heartbeat's thread), and a token revoked on one is refused by the other as soon.
     */
    @Test
    void aTokenMadeOrRevokedOnOneReplicaCountsOnTheOtherWithinTheRefresh() {
        ServerConfig first = api.config();
        try (TestServer other = TestServer.start(store(), tmp.resolve("replica-2"),
                c -> c.withRegistrationToken("server-wide-token").withDb(first.dbUrl(), first.dbUser(), first.dbPassword()))) {
            String made = json(api.postAsAdmin("/api/v1/projects/shop/registration-tokens", "{\"name\":\"replicas\"}")).get("token").asText();
            String id = json(api.get("/api/v1/projects/shop/registration-tokens")).get("items").get(0).get("id").asText();
            String beat = "{\"hostname\":\"on-replica-2\",\"ip_address\":\"10.1.2.4\",\"interface\":\"eth0\"}";
            Duration refresh = Duration.ofMillis(RegistrationTokens.REFRESH_MS * 2 + 2_000);
            await().atMost(refresh).pollInterval(Duration.ofMillis(250))
                    .until(() -> other.as(made, "POST", "/api/register", beat).statusCode() == 200);
            assertThat(api.delete("/api/v1/projects/shop/registration-tokens/" + id, api.adminToken()).statusCode()).isEqualTo(204);
            await().atMost(refresh).pollInterval(Duration.ofMillis(250))
                    .until(() -> other.as(made, "POST", "/api/register", beat).statusCode() == 401);
        }
    }
}
