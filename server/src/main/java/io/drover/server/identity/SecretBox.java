package io.drover.server.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts the small secrets the server must be able to read back (the LDAP bind password, later
 * the SMTP password) with AES-256-GCM, so a copy of the database alone does not reveal them.
 * Sealed form: {@code v1:} + base64(12-byte random nonce | ciphertext | 16-byte tag); the version
 * prefix leaves room for another algorithm or key rotation.
 *
 * <p>The key comes from {@code DROVER_SECRET_KEY} (base64 of 32 bytes), which wins when set, so
 * replicas sharing one PostgreSQL can share one key; otherwise from {@code secret.key} in the data
 * dir, generated on first use with mode 0600. Random 96-bit nonces are safe for far more
 * encryptions than a handful of settings will ever see.
 */
public final class SecretBox {
    public static final String KEY_VARIABLE = "DROVER_SECRET_KEY";
    public static final String KEY_FILE = "secret.key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
    private static final String VERSION = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecretKeySpec key;
    private final String source;

    private SecretBox(byte[] key, String source) {
        this.key = new SecretKeySpec(key, "AES");
        this.source = source;
        Arrays.fill(key, (byte) 0);
    }

    /** The box for a server with this data dir, the key taken from the process environment or the key file. */
    public static SecretBox load(Path dataDir) {
        return load(dataDir, System.getenv());
    }

    /** As {@link #load(Path)} with the environment given (tests). */
    public static SecretBox load(Path dataDir, Map<String, String> env) {
        String fromEnv = env.get(KEY_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new SecretBox(parseKey(fromEnv.strip(), KEY_VARIABLE), KEY_VARIABLE);
        }
        Path file = dataDir.resolve(KEY_FILE);
        return new SecretBox(readOrCreate(file), file.toString());
    }

    /** A box with this key (32 bytes); the array is cleared once copied. */
    public static SecretBox withKey(byte[] key) {
        if (key.length != KEY_BYTES) throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        return new SecretBox(key.clone(), "given key");
    }

    /** A new random key, base64-encoded, in the form {@code DROVER_SECRET_KEY} takes. */
    public static String newKey() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    public String encrypt(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The secret {@code sealed} holds; throws {@link SecretUnreadable} when it was altered, is malformed, or needs another key. */
    public String decrypt(String sealed) {
        if (sealed == null || !sealed.startsWith(VERSION)) throw new SecretUnreadable("the stored secret is not in the v1 format");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadable("the stored secret is not valid base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) throw new SecretUnreadable("the stored secret is truncated");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            return new String(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadable("the stored secret was altered or sealed with another key (the key from " + source + " does not open it)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** Where the key came from, never the key. */
    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM, key from " + source + "]";
    }

    private static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            warnIfShared(file);
            return parseKey(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new SecretKeyUnusable("cannot read or create the secret key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new key to a private temporary file and hard-links it into place: the link fails if
     * the file exists, so of two servers starting at once exactly one key wins, and nobody ever
     * sees a half-written file (creating {@code secret.key} directly and then writing it would).
     */
    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, ".secret.key.", ".tmp", attributes);
        try {
            Files.writeString(temp, newKey() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, temp);
                LOG.info("generated the secret key {} (keep it with backups: without it stored secrets cannot be read)", file);
            } catch (FileAlreadyExistsException lostTheRace) {
                // Another server created it first; use theirs.
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                // A file system without hard links: a move that refuses to replace is the next best.
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException lostTheRace) {
                    // as above
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void warnIfShared(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) return;
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            LOG.warn("the secret key file {} is readable by others ({}); chmod 600 it", file, PosixFilePermissions.toString(permissions));
        }
    }

    private static byte[] parseKey(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SecretKeyUnusable("the secret key from " + source + " is not base64", null);
        }
        if (key.length != KEY_BYTES) {
            throw new SecretKeyUnusable("the secret key from " + source + " has " + key.length + " bytes; it must be base64 of 32 random bytes", null);
        }
        return key;
    }
}
