package io.drover.server.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.AgentHeartbeat;
import io.drover.server.testing.FakeAgent;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A link stays open only as long as the certificate it was opened with: the first heartbeat after it expires closes it (4003). */
class LinkCertificateExpiryTest {
    @TempDir
    Path tmp;

    @Test
    void aLinkWhoseCertificateExpiredIsClosedAtItsNextHeartbeat() throws Exception {
        try (TestServer api = TestServer.start(TestStores.H2, tmp,
                c -> c.withTls(c.tls().withAgentCertificateLifetime(Duration.ofSeconds(10))));
             FakeAgent agent = FakeAgent.join(api, "short-lived")) {
            long left = agent.certificate.getNotAfter().getTime() - System.currentTimeMillis();
            assertThat(left).isBetween(8_000L, 10_500L);
            agent.send(AgentHeartbeat.every(10_000));
            assertThat(agent.poll(Duration.ofMillis(200))).as("still linked").isNull();
            Thread.sleep(left + 200);
            agent.send(AgentHeartbeat.every(10_000));
            assertThat(agent.closedWith(Duration.ofSeconds(5))).startsWith("4003").contains("expired");
        }
    }
}
