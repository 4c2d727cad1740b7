package io.drover.server.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 of a file on the server, read in a stream (images are many GiB). */
final class FileHash {
    /** The hex digest and how many bytes went into it. */
    record Hashed(String sha256, long sizeBytes) {}

    private FileHash() {}

    static Hashed sha256(Path file) throws IOException {
        MessageDigest digest = UploadFile.newSha256();
        byte[] buffer = new byte[UploadFile.BUFFER];
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new Hashed(HexFormat.of().formatHex(digest.digest()), size);
    }
}
