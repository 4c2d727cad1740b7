package io.drover.server.identity;

import io.drover.protocol.identity.TokenInfo;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.NotAuthenticated;
import io.drover.server.http.Rfc3339;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens a user makes for themself: named, with an expiry and optionally read-only; the
 * secret ({@code dat_…}) is shown once and only its SHA-256 kept. A token acts as its user, so a
 * disabled user's tokens stop working too.
 */
public final class ApiTokens {
    static final Duration DEFAULT_TTL = Duration.ofDays(90);
    static final Duration MAX_TTL = Duration.ofDays(366);
    private static final long TOUCH_EVERY_MS = 60_000;

    /** A token's owner and scope, once its secret checked out. */
    record Owner(String tokenId, String userId, boolean readOnly) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final AccessChanges changes;

    ApiTokens(Jdbi jdbi, Clock clock, AccessChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.changes = changes;
    }

    TokenInfo create(String userId, String name, Duration ttl, boolean readOnly) {
        TokenName.check(name);
        Duration lifetime = ttl == null ? DEFAULT_TTL : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TTL) > 0) {
            throw new InvalidRequest("ttl_seconds must be from 1 to " + MAX_TTL.toSeconds());
        }
        long now = clock.millis();
        String secret = Secrets.newToken("dat_");
        String id = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_tokens (id, user_id, name, token_sha256, read_only, created_ms, expires_ms)
                        VALUES (:id, :user, :name, :h, :ro, :now, :exp)""")
                .bind("id", id).bind("user", userId).bind("name", name).bind("h", Secrets.sha256Hex(secret))
                .bind("ro", readOnly).bind("now", now).bind("exp", now + lifetime.toMillis()).execute());
        return new TokenInfo(id, name, readOnly, Rfc3339.format(now), Rfc3339.format(now + lifetime.toMillis()), null, secret);
    }

    /** The user's live tokens (not revoked; expired ones are listed until they are revoked, so they can be cleaned up). */
    List<TokenInfo> list(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, name, read_only, created_ms, expires_ms, last_used_ms FROM api_tokens
                        WHERE user_id = :u AND revoked_ms IS NULL ORDER BY created_ms, id""")
                .bind("u", userId)
                .map((rs, ctx) -> {
                    Long used = (Long) rs.getObject("last_used_ms", Long.class);
                    return new TokenInfo(rs.getString("id"), rs.getString("name"), rs.getBoolean("read_only"),
                            Rfc3339.format(rs.getLong("created_ms")), Rfc3339.format(rs.getLong("expires_ms")),
                            used == null ? null : Rfc3339.format(used), null);
                })
                .list());
    }

    /** Revokes the user's token {@code id}; false when the user has no such live token. */
    boolean revoke(String userId, String id) {
        boolean revoked = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE api_tokens SET revoked_ms = :now WHERE id = :id AND user_id = :u AND revoked_ms IS NULL")
                .bind("now", clock.millis()).bind("id", id).bind("u", userId).execute()) == 1;
        if (revoked) changes.changed(userId);
        return revoked;
    }

    /** Revokes every live token of the user (a password change or reset that asks for it); how many. */
    int revokeAll(String userId) {
        int revoked = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE api_tokens SET revoked_ms = :now WHERE user_id = :u AND revoked_ms IS NULL")
                .bind("now", clock.millis()).bind("u", userId).execute());
        if (revoked > 0) changes.changed(userId);
        return revoked;
    }

    /** Whether the token {@code id} is neither revoked nor expired (a stream held open on it checks this). */
    boolean live(String id) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM api_tokens WHERE id = :id AND revoked_ms IS NULL AND expires_ms > :now")
                .bind("id", id).bind("now", now).mapTo(Long.class).one()) > 0;
    }

    /** Checks a presented secret; throws {@link NotAuthenticated} saying why it is not good. */
    Owner authenticate(String secret) {
        if (!secret.startsWith("dat_") || secret.length() > 100) throw new NotAuthenticated("the bearer token is not a valid API token");
        long now = clock.millis();
        Object[] row = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, user_id, read_only, expires_ms, revoked_ms, last_used_ms FROM api_tokens WHERE token_sha256 = :h")
                .bind("h", Secrets.sha256Hex(secret))
                .map((rs, ctx) -> new Object[] {rs.getString("id"), rs.getString("user_id"), rs.getBoolean("read_only"),
                        rs.getLong("expires_ms"), rs.getObject("revoked_ms", Long.class), rs.getObject("last_used_ms", Long.class)})
                .findOne().orElse(null));
        if (row == null) throw new NotAuthenticated("the bearer token is not a valid API token");
        if (row[4] != null) throw new NotAuthenticated("this API token was revoked");
        if (now >= (long) row[3]) throw new NotAuthenticated("this API token has expired");
        Long lastUsed = (Long) row[5];
        if (lastUsed == null || now - lastUsed >= TOUCH_EVERY_MS) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_ms = :now WHERE id = :id")
                    .bind("now", now).bind("id", row[0]).execute());
        }
        return new Owner((String) row[0], (String) row[1], (boolean) row[2]);
    }
}
