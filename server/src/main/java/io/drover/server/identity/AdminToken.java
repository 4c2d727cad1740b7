package io.drover.server.identity;

import io.drover.server.store.Settings;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The single admin token of this release (users and roles come later), a {@link Secrets} token.
 */
public final class AdminToken {
    static final String SETTING = "admin_token_sha256";

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
        String token = Secrets.newToken("drv_");
        byte[] newHash = Secrets.sha256(token);
        settings.put(SETTING, HexFormat.of().formatHex(newHash));
        hash = newHash;
        return token;
    }

    public boolean matches(String presented) {
        byte[] expected = hash;
        return presented != null && expected != null && MessageDigest.isEqual(expected, Secrets.sha256(presented));
    }
}
