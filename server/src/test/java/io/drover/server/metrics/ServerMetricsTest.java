package io.drover.server.metrics;

import io.drover.server.placement.HostStatus;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMetricsTest {
    @TempDir
    Path tmp;

    private static Jdbi store() {
        Jdbi jdbi = Jdbi.create("jdbc:h2:mem:metrics-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE vms (id VARCHAR(36))");
            h.execute("CREATE TABLE tasks (id VARCHAR(36), status VARCHAR(16))");
            h.execute("INSERT INTO vms VALUES ('a'), ('b')");
            h.execute("INSERT INTO tasks VALUES ('t1', 'running'), ('t2', 'succeeded')");
        });
        return jdbi;
    }

    @Test
    void heartbeatLagIsRecordedInBucketsAndStampLessHeartbeatsAreSkipped() {
        ServerMetrics metrics = new ServerMetrics(store(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        metrics.heartbeatStored(1_000L, 1_003L);
        metrics.heartbeatStored(1_000L, 1_700L);
        metrics.heartbeatStored(2_000L, 1_990L); // agent clock ahead: counted as no lag
        metrics.heartbeatStored(null, 5_000L);
        String text = metrics.scrape();
        assertThat(text).contains("drover_agent_heartbeat_lag_seconds_count 3");
        assertThat(text).contains("drover_agent_heartbeat_lag_seconds_bucket{le=\"1.0\"} 3");
        assertThat(text).contains("drover_agent_heartbeat_lag_seconds_max 0.7");
    }

    @Test
    void gaugesCountVmsRunningTasksHostsByStatusAndLinkedAgents() {
        ServerMetrics metrics = new ServerMetrics(store(), Clock.systemUTC());
        metrics.watchHosts(() -> Map.of("h1", HostStatus.ONLINE, "h2", HostStatus.ONLINE, "h3", HostStatus.OFFLINE), "h1"::equals);
        String text = metrics.scrape();
        assertThat(text).contains("drover_vms 2.0", "drover_tasks_running 1.0", "drover_agents_connected 1.0",
                "drover_hosts{status=\"online\"} 2.0", "drover_hosts{status=\"suspect\"} 0.0", "drover_hosts{status=\"offline\"} 1.0");
    }

    @Test
    void servedAtMetricsAsPrometheusTextWithoutAToken() throws Exception {
        try (TestServer api = TestServer.start(TestStores.H2, tmp, c -> c)) {
            HttpResponse<String> r = api.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
            assertThat(r.body()).contains("drover_agent_heartbeat_lag_seconds_count 0", "drover_agents_connected 0.0", "drover_vms 0.0");
        }
    }

    /**
     * Issue 10, finding 13: {@code /healthz} told anyone the version, the store and the machine
     * count. Strangers (load balancers) get the liveness only; the rest is in {@code /metrics}, which
     * needs a signed-in user allowed to read metrics.
     */
    @Test
    void healthzTellsStrangersOnlyThatTheServerLivesAndMetricsTellTheRest() throws Exception {
        try (TestServer api = TestServer.start(TestStores.H2, tmp, c -> c)) {
            assertThat(api.register("m1", "10.0.0.1").statusCode()).isEqualTo(200);
            for (HttpResponse<String> health : List.of(api.getAnonymous("/healthz"), api.get("/healthz"))) {
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            }
            assertThat(api.getAnonymous("/metrics").statusCode()).isEqualTo(401);
            String text = api.get("/metrics").body();
            assertThat(text).contains("drover_machines 1.0", "drover_build_info{store=\"embedded H2\",version=\"");
        }
    }
}
