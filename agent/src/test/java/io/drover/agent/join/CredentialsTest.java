package io.drover.agent.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void storedOwnerOnlyAndReadBackAndNeverPrinted() throws Exception {
        assertThat(Credentials.load(tmp)).isEmpty();
        Credentials c = new Credentials("host-1", "dhc_secret", "http://127.0.0.1:8080");
        c.save(tmp.resolve("data"));
        Path file = tmp.resolve("data").resolve(Credentials.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Credentials.load(tmp.resolve("data"))).contains(c);
        assertThat(c.toString()).contains("host-1").doesNotContain("dhc_secret");
        try (var files = Files.list(tmp.resolve("data"))) {
            assertThat(files).as("no temp file left behind").hasSize(1);
        }
    }

    @Test
    void backoffStaysWithinItsBoundsAndGrows() {
        Backoff b = Backoff.DEFAULT;
        for (int attempt = 0; attempt < 40; attempt++) {
            Duration d = b.delay(attempt);
            assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(30));
            if (attempt == 0) assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
