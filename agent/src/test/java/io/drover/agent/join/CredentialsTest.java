package io.drover.agent.join;

import org.assertj.core.api.Assertions;
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
    void storedOwnerOnlyAndReadBack() throws Exception {
        assertThat(Credentials.load(tmp)).isEmpty();
        Credentials c = new Credentials("host-1", "https://127.0.0.1:8443", "sha256:" + "ab".repeat(32));
        c.save(tmp.resolve("data"));
        Path file = tmp.resolve("data").resolve(Credentials.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Credentials.load(tmp.resolve("data"))).contains(c);
        try (var files = Files.list(tmp.resolve("data"))) {
            assertThat(files).as("no temp file left behind").hasSize(1);
        }
    }

    @Test
    void aBearerCredentialOfAnOlderAgentSaysToJoinAgain() throws Exception {
        Files.writeString(tmp.resolve(Credentials.FILE), "{\"host_id\":\"h\",\"credential\":\"dhc_x\",\"server\":\"http://s:8080\"}");
        Assertions.assertThatThrownBy(() -> Credentials.load(tmp))
                .isInstanceOf(Credentials.OldCredential.class).hasMessageContaining("join-token").hasMessageContaining("remove the host");
    }
}
