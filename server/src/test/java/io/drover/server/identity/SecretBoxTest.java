package io.drover.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    private static final String SECRET = "bind-pässword-🔑";

    @TempDir
    Path dataDir;

    @Test
    void roundTripsAndNeverRepeatsACiphertext() {
        SecretBox box = SecretBox.load(dataDir, Map.of());
        String a = box.encrypt(SECRET);
        String b = box.encrypt(SECRET);
        assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("pässword");
        assertThat(box.decrypt(a)).isEqualTo(SECRET);
        assertThat(box.decrypt(b)).isEqualTo(SECRET);
        assertThat(box.decrypt(box.encrypt(""))).isEmpty();
    }

    @Test
    void theKeyFileIsCreatedOnceWithMode0600AndReused() throws Exception {
        String sealed = SecretBox.load(dataDir, Map.of()).encrypt(SECRET);
        Path file = dataDir.resolve(SecretBox.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(SecretBox.load(dataDir, Map.of()).decrypt(sealed)).isEqualTo(SECRET);
        try (var listing = Files.list(dataDir)) {
            assertThat(listing).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void serversStartingTogetherAgreeOnOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) starts.add(() -> SecretBox.load(dataDir, Map.of()).encrypt(SECRET));
            List<String> sealed = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(starts)) sealed.add(f.get());
            SecretBox box = SecretBox.load(dataDir, Map.of());
            assertThat(sealed).allSatisfy(s -> assertThat(box.decrypt(s)).isEqualTo(SECRET));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTamperedValueIsUnreadable() {
        SecretBox box = SecretBox.load(dataDir, Map.of());
        byte[] raw = Base64.getDecoder().decode(box.encrypt(SECRET).substring(3));
        for (int i : new int[] {0, 12, raw.length - 1}) {
            byte[] flipped = raw.clone();
            flipped[i] ^= 1;
            String tampered = "v1:" + Base64.getEncoder().encodeToString(flipped);
            assertThatThrownBy(() -> box.decrypt(tampered)).isInstanceOf(SecretUnreadable.class)
                    .hasMessageContaining("altered or sealed with another key").hasMessageNotContaining(SECRET);
        }
        assertThatThrownBy(() -> box.decrypt("v1:AAAA")).isInstanceOf(SecretUnreadable.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> box.decrypt("v1:not base64!")).isInstanceOf(SecretUnreadable.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> box.decrypt(SECRET)).isInstanceOf(SecretUnreadable.class).hasMessageContaining("v1 format").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> box.decrypt(null)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void anotherKeyCannotRead() {
        String sealed = SecretBox.load(dataDir, Map.of()).encrypt(SECRET);
        SecretBox other = SecretBox.load(dataDir, Map.of(SecretBox.KEY_VARIABLE, SecretBox.newKey()));
        assertThatThrownBy(() -> other.decrypt(sealed)).isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining(SecretBox.KEY_VARIABLE).hasMessageNotContaining(SECRET);
    }

    @Test
    void theEnvironmentKeyWinsOverTheFile() throws Exception {
        String key = SecretBox.newKey();
        SecretBox fromEnv = SecretBox.load(dataDir, Map.of(SecretBox.KEY_VARIABLE, key));
        assertThat(Files.exists(dataDir.resolve(SecretBox.KEY_FILE))).isFalse();
        String sealed = fromEnv.encrypt(SECRET);
        assertThat(SecretBox.withKey(Base64.getDecoder().decode(key)).decrypt(sealed)).isEqualTo(SECRET);
        SecretBox.load(dataDir, Map.of()); // creates the file key
        assertThat(SecretBox.load(dataDir, Map.of(SecretBox.KEY_VARIABLE, key)).decrypt(sealed)).isEqualTo(SECRET);
        assertThatThrownBy(() -> SecretBox.load(dataDir, Map.of()).decrypt(sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void aMalformedKeyIsAClearStartupError() throws Exception {
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.load(dataDir, Map.of(SecretBox.KEY_VARIABLE, tooShort)))
                .isInstanceOf(SecretKeyUnusable.class).hasMessageContaining("16 bytes").hasMessageNotContaining(tooShort);
        assertThatThrownBy(() -> SecretBox.load(dataDir, Map.of(SecretBox.KEY_VARIABLE, "%%%")))
                .isInstanceOf(SecretKeyUnusable.class).hasMessageContaining("not base64").hasMessageNotContaining("%%%");
        Files.writeString(dataDir.resolve(SecretBox.KEY_FILE), "garbage!\n");
        assertThatThrownBy(() -> SecretBox.load(dataDir, Map.of())).isInstanceOf(SecretKeyUnusable.class).hasMessageContaining(SecretBox.KEY_FILE);
    }

    @Test
    void toStringRevealsNothing() throws Exception {
        String key = SecretBox.newKey();
        SecretBox box = SecretBox.load(dataDir, Map.of(SecretBox.KEY_VARIABLE, key));
        assertThat(box.toString()).doesNotContain(key).contains(SecretBox.KEY_VARIABLE);
        SecretBox fromFile = SecretBox.load(dataDir, Map.of());
        String fileKey = Files.readString(dataDir.resolve(SecretBox.KEY_FILE)).strip();
        assertThat(fromFile.toString()).doesNotContain(fileKey);
        assertThat(Set.of(box.toString(), fromFile.toString())).allMatch(s -> s.startsWith("SecretBox[AES-256-GCM"));
    }
}
