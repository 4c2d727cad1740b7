package io.drover.server.hosts;

import io.drover.server.identity.Secrets;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One-time join tokens: an admin creates one, an agent presents it once and gets a host
 * credential in return. Using a token is one conditional UPDATE, so two agents racing with the
 * same token cannot both join.
 */
final class JoinTokens {
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MAX_TTL = Duration.ofDays(7);

    private final Jdbi jdbi;

    JoinTokens(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates a token valid for {@code ttl} from {@code nowMs}; returns the token itself (shown once). */
    String create(Duration ttl, long nowMs) {
        String token = Secrets.newToken("djt_");
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO join_tokens (token_sha256, created_ms, expires_ms) VALUES (:h, :now, :exp)")
                .bind("h", Secrets.sha256Hex(token)).bind("now", nowMs).bind("exp", nowMs + ttl.toMillis())
                .execute());
        return token;
    }

    /** Marks the token used by {@code hostId} inside the caller's transaction; throws {@link JoinRefused} saying why not. */
    void use(Handle h, String token, String hostId, long nowMs) {
        String hash = Secrets.sha256Hex(token);
        int used = h.createUpdate("""
                        UPDATE join_tokens SET used_ms = :now, host_id = :host
                        WHERE token_sha256 = :h AND used_ms IS NULL AND expires_ms > :now""")
                .bind("now", nowMs).bind("host", hostId).bind("h", hash)
                .execute();
        if (used == 1) return;
        Optional<Long[]> row = h.createQuery("SELECT used_ms, expires_ms FROM join_tokens WHERE token_sha256 = :h")
                .bind("h", hash)
                .map((rs, ctx) -> new Long[] {(Long) rs.getObject("used_ms", Long.class), rs.getLong("expires_ms")})
                .findOne();
        if (row.isEmpty()) throw new JoinRefused("the join token is not valid");
        if (row.get()[0] != null) throw new JoinRefused("the join token was already used; create a new one");
        throw new JoinRefused("the join token has expired; create a new one");
    }
}
