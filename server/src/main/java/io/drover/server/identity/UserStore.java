package io.drover.server.identity;

import io.drover.server.access.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code users} and {@code user_projects} tables. */
final class UserStore {
    private static final String COLUMNS = "id, username, source, role, disabled, totp_enabled, created_ms, last_login_ms";

    /** What only login reads: the password hash and the second factor. */
    record LoginSecrets(String passwordHash, String totpSecret, Long totpLastStep, String recoveryCodes) {}

    private final Jdbi jdbi;

    UserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    void insert(Handle h, User user, String passwordHash, long nowMs) {
        h.createUpdate("""
                        INSERT INTO users (id, username, source, role, password_hash, disabled, created_ms, password_changed_ms,
                                           totp_enabled)
                        VALUES (:id, :username, :source, :role, :hash, :disabled, :created, :changed, FALSE)""")
                .bind("id", user.id()).bind("username", user.username()).bind("source", user.source().name())
                .bind("role", user.role().name()).bind("hash", passwordHash).bind("disabled", user.disabled())
                .bind("created", user.createdMs()).bind("changed", passwordHash == null ? null : nowMs)
                .execute();
        setProjects(h, user.id(), user.projects());
    }

    Optional<User> byUsername(String username) {
        return jdbi.withHandle(h -> byUsername(h, username));
    }

    Optional<User> byUsername(Handle h, String username) {
        return withProjects(h, h.createQuery("SELECT " + COLUMNS + " FROM users WHERE username = :u")
                .bind("u", username).map((rs, ctx) -> user(rs)).findOne());
    }

    Optional<User> byId(String id) {
        return jdbi.withHandle(h -> byId(h, id));
    }

    Optional<User> byId(Handle h, String id) {
        return withProjects(h, h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> user(rs)).findOne());
    }

    /** Users ordered by username, after {@code afterUsername} (exclusive) when given. */
    List<User> page(String afterUsername, int limit) {
        return jdbi.withHandle(h -> {
            List<User> rows = h.createQuery("SELECT " + COLUMNS + " FROM users"
                            + (afterUsername == null ? "" : " WHERE username > :after") + " ORDER BY username LIMIT :limit")
                    .bind("after", afterUsername).bind("limit", limit)
                    .map((rs, ctx) -> user(rs)).list();
            if (rows.isEmpty()) return rows;
            Map<String, List<String>> projects = new HashMap<>();
            h.createQuery("SELECT user_id, project FROM user_projects WHERE user_id IN (<ids>) ORDER BY project")
                    .bindList("ids", rows.stream().map(User::id).toList())
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> projects.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return rows.stream().map(u -> u.withProjects(projects.getOrDefault(u.id(), List.of()))).toList();
        });
    }

    List<String> projectsOf(Handle h, String userId) {
        return h.createQuery("SELECT project FROM user_projects WHERE user_id = :id ORDER BY project")
                .bind("id", userId).mapTo(String.class).list();
    }

    LoginSecrets secrets(String userId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT password_hash, totp_secret, totp_last_step, recovery_codes FROM users WHERE id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> new LoginSecrets(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class), rs.getString(4)))
                .findOne().orElse(new LoginSecrets(null, null, null, null)));
    }

    void setPassword(Handle h, String userId, String hash, long nowMs) {
        h.createUpdate("UPDATE users SET password_hash = :hash, password_changed_ms = :now WHERE id = :id")
                .bind("hash", hash).bind("now", nowMs).bind("id", userId).execute();
    }

    void setRole(Handle h, String userId, Role role) {
        h.createUpdate("UPDATE users SET role = :role WHERE id = :id").bind("role", role.name()).bind("id", userId).execute();
    }

    void setDisabled(Handle h, String userId, boolean disabled) {
        h.createUpdate("UPDATE users SET disabled = :d WHERE id = :id").bind("d", disabled).bind("id", userId).execute();
    }

    void setProjects(Handle h, String userId, List<String> projects) {
        h.createUpdate("DELETE FROM user_projects WHERE user_id = :id").bind("id", userId).execute();
        for (String project : projects) {
            h.createUpdate("INSERT INTO user_projects (user_id, project) VALUES (:id, :p)").bind("id", userId).bind("p", project).execute();
        }
    }

    void setLastLogin(String userId, long nowMs) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET last_login_ms = :now WHERE id = :id")
                .bind("now", nowMs).bind("id", userId).execute());
    }

    /** Stores the second factor: an encrypted secret (null to remove), whether it is on, the recovery code hashes. */
    void setTotp(Handle h, String userId, String encryptedSecret, boolean enabled, String recoveryCodes) {
        h.createUpdate("UPDATE users SET totp_secret = :s, totp_enabled = :e, totp_last_step = NULL, recovery_codes = :r WHERE id = :id")
                .bind("s", encryptedSecret).bind("e", enabled).bind("r", recoveryCodes).bind("id", userId).execute();
    }

    /**
     * Puts a new pending TOTP secret in place (replacing a pending one), only while two-factor is
     * off: an enrollment cannot overwrite a secret that is already in use, even when racing a confirm.
     */
    boolean startTotpEnrollment(String userId, String encryptedSecret) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE users SET totp_secret = :s, totp_last_step = NULL, recovery_codes = NULL
                        WHERE id = :id AND totp_enabled = FALSE""")
                .bind("s", encryptedSecret).bind("id", userId).execute()) == 1;
    }

    /**
     * Turns two-factor on for the pending secret {@code encryptedSecret}, only if it is still the
     * pending one (a re-enrollment in between makes this confirm fail rather than enable a secret
     * the user no longer has). {@code step} is the step the confirming code used: it cannot log in again.
     */
    boolean enableTotp(String userId, String encryptedSecret, long step, String recoveryCodes) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE users SET totp_enabled = TRUE, totp_last_step = :step, recovery_codes = :r
                        WHERE id = :id AND totp_enabled = FALSE AND totp_secret = :s""")
                .bind("step", step).bind("r", recoveryCodes).bind("id", userId).bind("s", encryptedSecret).execute()) == 1;
    }

    void clearTotp(String userId) {
        jdbi.useHandle(h -> setTotp(h, userId, null, false, null));
    }

    /**
     * Records that TOTP step {@code step} was used, only if no later or equal step was: one
     * conditional UPDATE, so a code cannot be replayed even by two logins racing.
     */
    boolean useTotpStep(String userId, long step) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE users SET totp_last_step = :s WHERE id = :id AND (totp_last_step IS NULL OR totp_last_step < :s)")
                .bind("s", step).bind("id", userId).execute()) == 1;
    }

    /** Replaces the recovery codes only if they are still {@code expected} (a code is good once, even under races). */
    boolean replaceRecoveryCodes(String userId, String expected, String remaining) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET recovery_codes = :r WHERE id = :id AND recovery_codes = :old")
                .bind("r", remaining).bind("id", userId).bind("old", expected).execute()) == 1;
    }

    void delete(Handle h, String userId) {
        h.createUpdate("DELETE FROM user_projects WHERE user_id = :id").bind("id", userId).execute();
        h.createUpdate("DELETE FROM api_tokens WHERE user_id = :id").bind("id", userId).execute();
        h.createUpdate("DELETE FROM sessions WHERE user_id = :id").bind("id", userId).execute();
        h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", userId).execute();
    }

    /** Enabled admins other than {@code exceptUserId}: the last one may not be removed, disabled or demoted. */
    int otherEnabledAdmins(Handle h, String exceptUserId) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE role = 'ADMIN' AND disabled = FALSE AND id <> :id")
                .bind("id", exceptUserId).mapTo(Integer.class).one();
    }

    int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
    }

    private Optional<User> withProjects(Handle h, Optional<User> user) {
        return user.map(u -> u.withProjects(projectsOf(h, u.id())));
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("username"),
                User.Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)), Role.valueOf(rs.getString("role")),
                List.of(), rs.getBoolean("disabled"), rs.getBoolean("totp_enabled"), rs.getLong("created_ms"),
                (Long) rs.getObject("last_login_ms", Long.class));
    }
}
