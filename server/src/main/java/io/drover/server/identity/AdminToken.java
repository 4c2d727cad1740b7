package io.drover.server.identity;

import io.drover.server.store.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The single admin token of this release (users and roles come later). Only its SHA-256 is
 * stored: the token is 256 random bits, so a slow password hash would add nothing.
 */
public final class AdminToken {
    static final String SETTING = "admin_token_sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private volatile byte[] hash;

    public AdminToken(Settings settings) {
        this.settings = settings;
        this.hash = settings.get(SETTING).map(HexFormat.of()::parseHex).orElse(null);
    }

    /** Creates the token on first start; returns it then (to print once), empty otherwise. */
    public Optional<String> ensure() {
        if (hash != null) return Optional.empty();
        return Optional.of(reset());
    }

    /** Replaces the token; the old one stops working. */
    public String reset() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "drv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] newHash = sha256(token);
        settings.put(SETTING, HexFormat.of().formatHex(newHash));
        hash = newHash;
        return token;
    }

    public boolean matches(String presented) {
        byte[] expected = hash;
        return presented != null && expected != null && MessageDigest.isEqual(expected, sha256(presented));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
