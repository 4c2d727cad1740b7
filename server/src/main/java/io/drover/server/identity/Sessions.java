package io.drover.server.identity;

import io.drover.server.store.Columns;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Browser sessions, kept in the store so every replica knows them. The cookie holds a random
 * secret (only its SHA-256 is stored); each session also has a CSRF token that state-changing
 * requests must echo in {@code X-CSRF-Token}. A session ends after {@code idle} without use or
 * {@code absolute} after login, whichever comes first.
 */
public final class Sessions {
    public static final String COOKIE = "drover_session";
    /** Last-use times are written at most this often: a write per request would cost more than it tells. */
    private static final long TOUCH_EVERY_MS = 30_000;

    /** A live session: its id (not the secret), its user, its CSRF token and when it ends at the latest. */
    public record Session(String id, String userId, String csrfToken, long expiresMs) {
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A session just made, with the secret for the cookie (returned once). */
    public record Started(Session session, String secret) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final IdentitySettings settings;
    private final AccessChanges changes;

    Sessions(Jdbi jdbi, Clock clock, IdentitySettings settings, AccessChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.settings = settings;
        this.changes = changes;
    }

    Started start(String userId, String address) {
        long now = clock.millis();
        String secret = Secrets.newToken("dss_");
        Session session = new Session(UUID.randomUUID().toString(), userId, Secrets.newToken(""), now + settings.sessionAbsolute().toMillis());
        jdbi.useHandle(h -> {
            // Logins are rare: a good moment to forget sessions that have ended.
            h.createUpdate("DELETE FROM sessions WHERE expires_ms <= :now OR last_seen_ms <= :idle")
                    .bind("now", now).bind("idle", now - settings.sessionIdle().toMillis()).execute();
            h.createUpdate("""
                            INSERT INTO sessions (id, secret_sha256, user_id, csrf_token, created_ms, last_seen_ms, expires_ms, address)
                            VALUES (:id, :h, :user, :csrf, :now, :now, :exp, :addr)""")
                    .bind("id", session.id()).bind("h", Secrets.sha256Hex(secret)).bind("user", userId)
                    .bind("csrf", session.csrfToken()).bind("now", now).bind("exp", session.expiresMs())
                    .bind("addr", Columns.clip(address, 64)).execute();
        });
        return new Started(session, secret);
    }

    /** The live session the cookie secret names, used now; empty when unknown, idle too long or past its end. */
    Optional<Session> find(String secret) {
        if (secret == null || !secret.startsWith("dss_") || secret.length() > 100) return Optional.empty();
        long now = clock.millis();
        return jdbi.withHandle(h -> {
            Optional<Session> found = h.createQuery(
                            "SELECT id, user_id, csrf_token, last_seen_ms, expires_ms FROM sessions WHERE secret_sha256 = :h")
                    .bind("h", Secrets.sha256Hex(secret))
                    .map((rs, ctx) -> new Object[] {new Session(rs.getString("id"), rs.getString("user_id"),
                            rs.getString("csrf_token"), rs.getLong("expires_ms")), rs.getLong("last_seen_ms")})
                    .findOne()
                    .filter(row -> now < ((Session) row[0]).expiresMs() && now - (long) row[1] < settings.sessionIdle().toMillis())
                    .map(row -> {
                        if (now - (long) row[1] >= TOUCH_EVERY_MS) touch(((Session) row[0]).id(), now);
                        return (Session) row[0];
                    });
            return found;
        });
    }

    private void touch(String sessionId, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen_ms = :now WHERE id = :id")
                .bind("now", now).bind("id", sessionId).execute());
    }

    /**
     * Whether the session {@code sessionId} still exists and is before its absolute end (a stream
     * held open on it checks this; the idle limit is for requests, and a stream is one long request).
     */
    boolean live(String sessionId) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id AND expires_ms > :now")
                .bind("id", sessionId).bind("now", now).mapTo(Long.class).one()) > 0;
    }

    void end(String userId, String sessionId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id = :id").bind("id", sessionId).execute());
        changes.changed(userId);
    }

    /** Ends every session of the user (password changed or reset, user disabled), but {@code keepId} when not null. */
    void endAll(String userId, String keepId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u AND id <> :keep")
                .bind("u", userId).bind("keep", keepId == null ? "" : keepId).execute());
        changes.changed(userId);
    }

    /** The Set-Cookie value for a new session: HttpOnly, SameSite=Strict, Secure when the browser's connection is encrypted (TLS, or a TLS-terminating proxy in front of the plain port). */
    String cookie(String secret, boolean secure) {
        return COOKIE + "=" + secret + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + "; Max-Age=" + settings.sessionAbsolute().toSeconds();
    }

    static String clearedCookie(boolean secure) {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "") + "; Max-Age=0";
    }
}
