package io.drover.server.hosts;

import io.drover.server.identity.Secrets;
import io.drover.server.projects.Projects;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One-time join tokens: an admin creates one, an agent presents it once and gets a host
 * certificate in return. A token made for a project dedicates the host it admits to that
 * project. Using a token is one conditional UPDATE, so two agents racing with the same token
 * cannot both join.
 */
final class JoinTokens {
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MAX_TTL = Duration.ofDays(7);
    private static final String ALREADY_USED = "the join token was already used; create a new one";

    private final Jdbi jdbi;
    private final Projects projects;

    JoinTokens(Jdbi jdbi, Projects projects) {
        this.jdbi = jdbi;
        this.projects = projects;
    }

    /**
     * Creates a token valid for {@code ttl} from {@code nowMs}; returns the token itself (shown once).
     *
     * @param project the project the joining host is dedicated to, or null for a shared host
     */
    String create(Duration ttl, long nowMs, String project) {
        String token = Secrets.newToken("djt_");
        jdbi.useTransaction(h -> {
            if (project != null) projects.requireExisting(h, List.of(project));
            h.createUpdate("INSERT INTO join_tokens (token_sha256, created_ms, expires_ms, project) VALUES (:h, :now, :exp, :p)")
                    .bind("h", Secrets.sha256Hex(token)).bind("now", nowMs).bind("exp", nowMs + ttl.toMillis())
                    .bind("p", project).execute();
        });
        return token;
    }

    /**
     * Marks the token used by {@code hostId} inside the caller's transaction and returns the
     * project it dedicates the host to (null: shared); throws {@link JoinRefused} saying why not.
     */
    String use(Handle h, String token, String hostId, long nowMs) {
        String hash = Secrets.sha256Hex(token);
        // One read says why a token is refused and, for a good one, which project it dedicates to.
        Optional<Row> row = h.createQuery("SELECT used_ms, expires_ms, project FROM join_tokens WHERE token_sha256 = :h")
                .bind("h", hash)
                .map((rs, ctx) -> new Row(rs.getObject("used_ms", Long.class), rs.getLong("expires_ms"), rs.getString("project")))
                .findOne();
        if (row.isEmpty()) throw new JoinRefused("the join token is not valid");
        if (row.get().usedMs() != null) throw new JoinRefused(ALREADY_USED);
        if (row.get().expiresMs() <= nowMs) throw new JoinRefused("the join token has expired; create a new one");
        // Conditional, so of two agents racing with one token only one gets it.
        int used = h.createUpdate("""
                        UPDATE join_tokens SET used_ms = :now, host_id = :host
                        WHERE token_sha256 = :h AND used_ms IS NULL AND expires_ms > :now""")
                .bind("now", nowMs).bind("host", hostId).bind("h", hash)
                .execute();
        if (used != 1) throw new JoinRefused(ALREADY_USED);
        return row.get().project();
    }

    private record Row(Long usedMs, long expiresMs, String project) {}
}
