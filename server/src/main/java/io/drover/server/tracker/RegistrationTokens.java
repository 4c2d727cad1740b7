package io.drover.server.tracker;

import io.drover.protocol.DaemonThreads;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which project a machine reporting in belongs to. A project's registration token ({@code drt_…},
 * made by its operators, stored as SHA-256) puts the machine in that project; the server-wide
 * {@code --registration-token}, or no token at all when none is configured, puts it in
 * {@code default}.
 *
 * <p>Heartbeats come by the thousand a second and are answered on Jetty's I/O threads, which must
 * never wait for the store. So the live tokens' hashes are held in memory: read at start, again
 * every {@link #REFRESH_MS} (a token made or revoked on another replica, or one whose project was
 * deleted there, counts within that time) and at once after a create, revoke or project deletion
 * here. A token the map
 * does not know is refused without a query, so guessing costs the server nothing either.
 */
public final class RegistrationTokens implements MachineIdentity, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistrationTokens.class);
    static final String PREFIX = "drt_";
    static final long REFRESH_MS = 5_000;

    /** A live project token: its id and project. */
    private record Live(String id, String project) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final Projects projects;
    private final byte[] serverToken;
    /** SHA-256 hex of every live project token; replaced whole by {@link #refresh}. */
    private volatile Map<String, Live> live = Map.of();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("registration-tokens"));

    /** @param serverToken the server-wide token, or null to let machines without a token register into {@code default} */
    RegistrationTokens(Jdbi jdbi, Clock clock, Projects projects, String serverToken) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.projects = projects;
        this.serverToken = serverToken == null ? null : serverToken.getBytes(StandardCharsets.UTF_8);
        projects.whenDeleted(name -> refresh());
        refresh();
    }

    void start() {
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                // The tokens known so far keep working while the store is away; a failed run must not cancel the schedule.
                log.warn("cannot read the registration tokens: {}", e.toString());
            }
        }, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** Reads the live tokens of existing projects from the store. */
    void refresh() {
        Map<String, Live> read = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT r.id, r.project, r.token_sha256 FROM registration_tokens r JOIN projects p ON p.name = r.project
                        WHERE r.revoked_ms IS NULL""")
                .map((rs, ctx) -> Map.entry(rs.getString("token_sha256"), new Live(rs.getString("id"), rs.getString("project"))))
                .forEach(e -> read.put(e.getKey(), e.getValue())));
        live = Map.copyOf(read);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    @Override
    public Admitted admit(Credentials credentials) {
        String presented = Guard.bearerToken(credentials.authorization());
        if (presented != null && presented.startsWith(PREFIX)) {
            return known(presented).map(t -> new Admitted(t.project(), t.id()))
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
        return known(token).map(Live::project);
    }

    private Optional<Live> known(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        return Optional.ofNullable(live.get(Secrets.sha256Hex(token)));
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
        refresh();
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
        if (revoked) refresh();
        return revoked;
    }
}
