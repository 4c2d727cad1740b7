package io.drover.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuestSpecTest {
    private static final UUID UUID_1 = UUID.fromString("6f1c1e2a-3b4c-4d5e-8f90-a1b2c3d4e5f6");

    @Test
    void buildsTheKernelCommandLine() {
        GuestSpec spec = GuestSpec.forHostPort(34567, "web-1", UUID_1);
        assertThat(spec.serverUrl()).isEqualTo("http://10.0.2.2:34567");
        assertThat(spec.kernelCommandLine()).isEqualTo(
                "console=ttyS0 quiet panic=-1 drover.hostname=web-1 drover.url=http://10.0.2.2:34567 drover.interval=2");
    }

    @Test
    void aGuestWithoutHostnameSetsNone() {
        GuestSpec spec = GuestSpec.withoutHostname(34567, UUID_1);
        assertThat(spec.kernelCommandLine()).isEqualTo(
                "console=ttyS0 quiet panic=-1 drover.url=http://10.0.2.2:34567 drover.interval=2");
        assertThat(spec.name()).isEqualTo(UUID_1.toString());
    }

    @Test
    void rejectsValuesThatWouldChangeTheCommandLine() {
        assertThatThrownBy(() -> new GuestSpec("http://10.0.2.2:1", "a b", UUID_1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestSpec("http://10.0.2.2:1", "x init=/bin/sh", UUID_1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestSpec("http://10.0.2.2:1", "-web", UUID_1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestSpec("http://10.0.2.2:1", "a".repeat(64), UUID_1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestSpec("http://h/ init=/bin/sh", "web", UUID_1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestSpec("file:///etc", "web", UUID_1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestSpec("http://h", "web", UUID_1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dropsATrailingSlash() {
        assertThat(new GuestSpec("http://10.0.2.2:80/", "web", UUID_1).serverUrl()).isEqualTo("http://10.0.2.2:80");
    }
}
