package io.drover.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Boots a real busybox guest under QEMU (TCG, user-mode networking) against a fake server on the
 * host's loopback: the guest downloads install.sh, installs the shell tracker with its init
 * script and heartbeats until it is powered off.
 */
@Timeout(180)
class GuestBootTest {
    private static final String TOKEN = "e2e-t0ken'with\"quotes";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void guestInstallsTheTrackerAndHeartbeatsUntilPoweredOff() throws Exception {
        try (FakeDroverServer server = FakeDroverServer.start()) {
            UUID uuid = UUID.randomUUID();
            GuestSpec spec = GuestSpec.forHostPort(server.port(), "e2e-guest-1", uuid);
            server.serveInstallScript(InstallScriptTemplate.render(spec.serverUrl(), TOKEN));

            long buildStart = System.nanoTime();
            BusyboxInitramfs image = BusyboxInitramfs.forHost();
            image.build();
            long bootStart = System.nanoTime();
            try (QemuGuest guest = QemuGuest.start(spec, image, QemuGuest.defaultLogDir())) {
                guest.awaitConsole(QemuGuest.INSTALL_OK, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !server.registrations().isEmpty());
                System.out.printf("guest %s: initramfs ready in %d ms, boot to first registration %d ms%n",
                        spec.hostname(), (bootStart - buildStart) / 1_000_000,
                        (System.nanoTime() - bootStart) / 1_000_000);

                FakeDroverServer.Registration first = server.registrations().get(0);
                assertThat(first.authorization()).isEqualTo("Bearer " + TOKEN);
                assertThat(first.contentType()).isEqualTo("application/json");
                JsonNode body = JSON.readTree(first.body());
                assertThat(body.path("hostname").asText()).isEqualTo("e2e-guest-1");
                assertThat(body.path("uuid").asText()).isEqualTo(uuid.toString());
                assertThat(body.path("ip_address").asText()).isEqualTo(GuestSpec.GUEST_IP);
                assertThat(body.path("interface").asText()).isEqualTo("eth0");
                assertThat(body.path("interval_seconds").asInt()).isEqualTo(2);
                assertThat(body.path("ip_addresses").toString()).isEqualTo("[\"" + GuestSpec.GUEST_IP + "\"]");
                assertThat(body.path("os").asText()).isEqualTo("Drover e2e guest (busybox)");
                assertThat(body.path("agent_version").asText()).isEqualTo("sh-0.1");

                // Heartbeats keep coming at the interval.
                await().atMost(Duration.ofSeconds(20)).until(() -> server.registrations().size() >= 3);

                guest.powerOff();
                assertThat(guest.isRunning()).isFalse();
                int afterPowerOff = server.registrations().size();
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                        .until(() -> server.registrations().size() == afterPowerOff);
            }
        }
    }
}
