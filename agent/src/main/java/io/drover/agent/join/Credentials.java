package io.drover.agent.join;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What the agent keeps after joining: its host id and the credential the server issued (a bearer
 * secret for now; a client certificate replaces it in the security work). Stored in the data dir
 * with mode 0600, written to a temp file first so a crash never leaves half a file.
 */
public record Credentials(@JsonProperty("host_id") String hostId, @JsonProperty("credential") String credential,
                          @JsonProperty("server") String server) {
    static final String FILE = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Optional<Credentials> load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), Credentials.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; remove it and join again with a new token", e);
        }
    }

    public void save(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the host credential in " + dataDir, e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[hostId=" + hostId + ", server=" + server + "]"; // never the secret
    }
}
