package io.drover.server.tracker;

import io.drover.protocol.RegistrationTokenInfo;
import io.drover.server.http.Credentials;
import io.drover.server.http.Guard;
import io.drover.server.http.NotAuthenticated;
import io.drover.server.http.Rfc3339;
import io.drover.server.identity.MachineIdentity;
import io.drover.server.identity.Secrets;
import io.drover.server.identity.TokenName;
import io.drover.server.projects.ProjectName;
import io.drover.server.projects.Projects;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Which project a machine reporting in belongs to. A project's registration token ({@code drt_…},
 * made by its operators, stored as SHA-256) puts the machine in that project; the server-wide
 * {@code --registration-token}, or no token at all when none is configured, puts it in
 * {@code default}.
 *
 * <p>Heartbeats come by the thousand a second, so a checked token is remembered for
 * {@link #REMEMBER_MS}: a token revoked on another replica stops working within that time, one
 * revoked here at once.
 */
public final class RegistrationTokens implements MachineIdentity {
    static final String PREFIX = "drt_";
    static final long REMEMBER_MS = 5_000;

    /** A live project token: its id and project, and when that was read from the store. */
    private record Checked(String id, String project, long atMs) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final Projects projects;
    private final byte[] serverToken;
    private final ConcurrentHashMap<String, Checked> checked = new ConcurrentHashMap<>();

    /** @param serverToken the server-wide token, or null to let machines without a token register into {@code default} */
    RegistrationTokens(Jdbi jdbi, Clock clock, Projects projects, String serverToken) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.projects = projects;
        this.serverToken = serverToken == null ? null : serverToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Admitted admit(Credentials credentials) {
        String presented = Guard.bearerToken(credentials.authorization());
        if (presented != null && presented.startsWith(PREFIX)) {
            return live(presented).map(c -> new Admitted(c.project(), c.id()))
                    .orElseThrow(() -> new NotAuthenticated("the registration token is not valid (revoked, or its project was deleted)"));
        }
        // Open registration (no server-wide token) ignores whatever else a tracker sends, as it always has.
        if (serverToken == null) return new Admitted(ProjectName.DEFAULT, null);
        if (presented == null) throw new NotAuthenticated("registration requires Authorization: Bearer <registration token>");
        if (MessageDigest.isEqual(serverToken, presented.getBytes(StandardCharsets.UTF_8))) {
            return new Admitted(ProjectName.DEFAULT, Admitted.SERVER_TOKEN);
        }
        throw new NotAuthenticated("the registration token is not valid");
    }

    /** The project of a live project token. */
    Optional<String> projectOf(String token) {
        return live(token).map(Checked::project);
    }

    private Optional<Checked> live(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        String hash = Secrets.sha256Hex(token);
        long now = clock.millis();
        Checked known = checked.get(hash);
        if (known != null && now - known.atMs() < REMEMBER_MS) return Optional.of(known);
        Optional<Checked> live = jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.id, r.project FROM registration_tokens r JOIN projects p ON p.name = r.project
                        WHERE r.token_sha256 = :h AND r.revoked_ms IS NULL""")
                .bind("h", hash).map((rs, ctx) -> new Checked(rs.getString("id"), rs.getString("project"), now)).findOne());
        live.ifPresentOrElse(c -> checked.put(hash, c), () -> checked.remove(hash));
        return live;
    }

    RegistrationTokenInfo create(String project, String name, String createdBy) {
        TokenName.check(name);
        String secret = Secrets.newToken(PREFIX);
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            projects.requireExisting(h, List.of(project));
            h.createUpdate("""
                            INSERT INTO registration_tokens (id, project, name, token_sha256, created_ms, created_by)
                            VALUES (:id, :p, :name, :h, :now, :by)""")
                    .bind("id", id).bind("p", project).bind("name", name).bind("h", Secrets.sha256Hex(secret))
                    .bind("now", now).bind("by", createdBy).execute();
        });
        return new RegistrationTokenInfo(id, project, name, Rfc3339.format(now), createdBy, null, secret, null);
    }

    /** The project's tokens, live and revoked, oldest first. */
    List<RegistrationTokenInfo> list(String project) {
        return jdbi.withHandle(h -> {
            projects.requireExisting(h, List.of(project));
            return h.createQuery("""
                        SELECT id, project, name, created_ms, created_by, revoked_ms FROM registration_tokens
                        WHERE project = :p ORDER BY created_ms, id""")
                .bind("p", project)
                .map((rs, ctx) -> {
                    Long revoked = (Long) rs.getObject("revoked_ms", Long.class);
                    return new RegistrationTokenInfo(rs.getString("id"), rs.getString("project"), rs.getString("name"),
                            Rfc3339.format(rs.getLong("created_ms")), rs.getString("created_by"),
                            revoked == null ? null : Rfc3339.format(revoked), null, null);
                })
                .list();
        });
    }

    /** Revokes the project's live token {@code id}; false when it has none by that id. */
    boolean revoke(String project, String id) {
        boolean revoked = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE registration_tokens SET revoked_ms = :now
                        WHERE id = :id AND project = :p AND revoked_ms IS NULL""")
                .bind("now", clock.millis()).bind("id", id).bind("p", project).execute()) == 1;
        if (revoked) checked.values().removeIf(c -> c.id().equals(id));
        return revoked;
    }
}
