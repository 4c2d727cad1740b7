package io.drover.agent.join;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What the agent keeps after joining, besides its key and certificate ({@code HostCertificate}):
 * its host id, the server it joined through and the server fingerprint it pinned (null: the
 * JDK's CAs). Stored in the data dir with mode 0600, written to a temp file first so a crash
 * never leaves half a file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credentials(@JsonProperty("host_id") String hostId, @JsonProperty("server") String server,
                          @JsonProperty("server_fingerprint") String serverFingerprint) {
    static final String FILE = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file of an older agent holds a bearer credential instead: those hosts must join again. */
    public static Optional<Credentials> load(Path dataDir) throws OldCredential {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node.has("credential")) throw new OldCredential(file);
            return Optional.of(JSON.treeToValue(node, Credentials.class));
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
            throw new UncheckedIOException("cannot store the host's credentials in " + dataDir, e);
        }
    }

    /** The stored file is from an agent that joined with a bearer credential, which servers no longer accept. */
    public static final class OldCredential extends Exception {
        OldCredential(Path file) {
            super("this host joined with a bearer credential (" + file + "), which Drover replaced with client certificates: "
                    + "remove the host on the server (DELETE /api/v1/hosts/{id}), remove " + file
                    + ", and start the agent with a new --join-token and --server-fingerprint");
        }
    }
}
