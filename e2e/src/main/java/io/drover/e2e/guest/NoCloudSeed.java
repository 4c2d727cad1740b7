package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * A NoCloud seed ISO made by hand, so the {@link CloudImage} can be proven without Drover:
 * {@code genisoimage -volid cidata -joliet -rock} of {@code user-data} and {@code meta-data},
 * run from an argument list (no shell).
 */
public final class NoCloudSeed {
    /** The volume id cloud-init's NoCloud datasource (and the cloud image) looks for. */
    public static final String VOLUME_ID = "cidata";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private NoCloudSeed() {}

    /**
     * meta-data as Drover writes it: JSON from Jackson's default pretty printer, e.g.
     * <pre>
     * {
     *   "instance-id" : "i-1",
     *   "local-hostname" : "test-1",
     *   "public-keys" : [ "ssh-ed25519 AAAA… me@x" ]
     * }</pre>
     */
    public static String metaData(String instanceId, String hostname, List<String> publicKeys) {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"instance-id\" : ").append(quote(instanceId)).append(",\n");
        json.append("  \"local-hostname\" : ").append(quote(hostname)).append(",\n");
        json.append("  \"public-keys\" : [ ");
        for (int i = 0; i < publicKeys.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(quote(publicKeys.get(i)));
        }
        return json.append(publicKeys.isEmpty() ? "]\n}" : " ]\n}").toString();
    }

    /** A JSON string literal, escaped as Jackson does (short escapes, else {@code \\uXXXX} for controls). */
    static String quote(String value) {
        Objects.requireNonNull(value, "value");
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Writes the seed ISO to {@code iso} (replacing it, mode 0644 so QEMU's user can read it)
     * and returns it.
     */
    public static Path write(Path iso, String metaData, String userData) {
        Objects.requireNonNull(metaData, "metaData");
        Objects.requireNonNull(userData, "userData");
        Path genisoimage = Commands.findExecutable("genisoimage");
        if (genisoimage == null) {
            throw new GuestUnavailable("genisoimage is not installed");
        }
        Path work = null;
        try {
            Path target = iso.toAbsolutePath();
            work = Files.createTempDirectory("drover-seed-");
            Path meta = Files.writeString(work.resolve("meta-data"), metaData, StandardCharsets.UTF_8);
            Path user = Files.writeString(work.resolve("user-data"), userData, StandardCharsets.UTF_8);
            Path built = work.resolve("seed.iso");
            Commands.run(List.of(genisoimage.toString(), "-quiet", "-output", built.toString(), "-volid", VOLUME_ID,
                    "-joliet", "-rock", user.toString(), meta.toString()),
                    work, null, work.resolve("genisoimage.out"), COMMAND_TIMEOUT_SECONDS);
            Files.createDirectories(target.getParent());
            Files.copy(built, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return target;
        } catch (IOException e) {
            throw new GuestFailed("cannot write the seed " + iso, e);
        } finally {
            if (work != null) {
                BusyboxInitramfs.deleteTree(work);
            }
        }
    }
}
