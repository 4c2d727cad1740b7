package io.drover.server.identity;

import io.drover.protocol.identity.UserRequest;
import io.drover.server.access.Principal;
import io.drover.server.access.Role;
import io.drover.server.http.Forbidden;
import io.drover.server.http.InvalidRequest;
import io.drover.server.projects.ProjectName;
import io.drover.server.projects.Projects;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Creating, changing and removing users; passwords; the first admin. */
public final class Users {
    public static final String FIRST_ADMIN = "admin";

    private final UserStore store;
    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Projects projects;
    private final Clock clock;
    private final AccessChanges changes;

    Users(UserStore store, Sessions sessions, ApiTokens tokens, Projects projects, Clock clock, AccessChanges changes) {
        this.store = store;
        this.sessions = sessions;
        this.tokens = tokens;
        this.projects = projects;
        this.clock = clock;
        this.changes = changes;
    }

    /** Creates the admin user {@code admin} when there are no users yet; returns its generated password (to print once). */
    public Optional<String> ensureFirstAdmin() {
        if (store.count() > 0) return Optional.empty();
        String password = PasswordPolicy.generate();
        try {
            create(FIRST_ADMIN, password, Role.ADMIN, List.of(), User.Source.LOCAL);
        } catch (UsernameTaken e) {
            return Optional.empty(); // another replica made it first
        }
        return Optional.of(password);
    }

    /** A new local user; {@code password} null generates one. Returns the user and the password when generated. */
    Created create(UserRequest request) {
        String username = Username.check(request.username());
        Role role = role(request.role() == null ? "viewer" : request.role());
        List<String> memberOf = request.projects() == null ? List.of(ProjectName.DEFAULT) : projectList(request.projects());
        String password = PasswordPolicy.givenOrGenerated(request.password());
        User user = create(username, password, role, memberOf, User.Source.LOCAL);
        if (Boolean.TRUE.equals(request.disabled())) user = update(user.id(), new UserRequest(null, null, null, null, true), null);
        return new Created(user, request.password() == null ? password : null);
    }

    record Created(User user, String generatedPassword) {}

    public User create(String username, String password, Role role, List<String> memberOf, User.Source source) {
        long now = clock.millis();
        User user = new User(UUID.randomUUID().toString(), username, source, role, memberOf, false, false, now, null);
        String hash = password == null ? null : PasswordHasher.hash(password);
        if (store.byUsername(username).isPresent()) throw new UsernameTaken(username);
        try {
            store.jdbi().useTransaction(h -> {
                projects.requireExisting(h, memberOf);
                store.insert(h, user, hash, now);
            });
        } catch (UnableToExecuteStatementException e) {
            if (store.byUsername(username).isPresent()) throw new UsernameTaken(username);
            throw e;
        }
        return user;
    }

    Optional<User> find(String idOrUsername) {
        Optional<User> byId = store.byId(idOrUsername);
        return byId.isPresent() ? byId : Optional.ofNullable(Username.orNull(idOrUsername)).flatMap(store::byUsername);
    }

    User get(String idOrUsername) {
        return find(idOrUsername).orElseThrow(() -> new UserNotFound(idOrUsername));
    }

    List<User> page(String afterUsername, int limit) {
        return store.page(afterUsername, limit);
    }

    /**
     * Changes role, projects and/or disabled as given. The last enabled admin stays one; a user
     * disabled or changed loses their sessions (tokens check the user at every use).
     */
    User update(String userId, UserRequest request, Principal caller) {
        if (request.username() != null) throw new InvalidRequest("a username cannot be changed");
        if (request.password() != null) throw new InvalidRequest("set passwords with POST /api/v1/users/{id}/password");
        Role role = request.role() == null ? null : role(request.role());
        List<String> memberOf = request.projects() == null ? null : projectList(request.projects());
        store.jdbi().useTransaction(h -> {
            User user = store.byId(h, userId).orElseThrow(() -> new UserNotFound(userId));
            boolean losesAdmin = user.role() == Role.ADMIN && !user.disabled()
                    && ((role != null && role != Role.ADMIN) || Boolean.TRUE.equals(request.disabled()));
            if (losesAdmin && store.otherEnabledAdmins(h, userId) == 0) throw new LastAdmin();
            if (caller != null && caller.userId() != null && caller.userId().equals(userId) && Boolean.TRUE.equals(request.disabled())) {
                throw new Forbidden("you cannot disable yourself");
            }
            if (role != null) store.setRole(h, userId, role);
            if (memberOf != null) {
                projects.requireExisting(h, memberOf);
                store.setProjects(h, userId, memberOf);
            }
            if (request.disabled() != null) store.setDisabled(h, userId, request.disabled());
        });
        // Ending the sessions tells AccessChanges; a change that ends none (enabling) cannot widen an open stream's view.
        if (role != null || memberOf != null || Boolean.TRUE.equals(request.disabled())) sessions.endAll(userId, null);
        return store.byId(userId).orElseThrow(() -> new UserNotFound(userId));
    }

    void delete(String userId, Principal caller) {
        if (userId.equals(caller.userId())) throw new Forbidden("you cannot delete yourself");
        store.jdbi().useTransaction(h -> {
            User user = store.byId(h, userId).orElseThrow(() -> new UserNotFound(userId));
            if (user.role() == Role.ADMIN && !user.disabled() && store.otherEnabledAdmins(h, userId) == 0) throw new LastAdmin();
            store.delete(h, userId);
        });
        changes.changed(userId);
    }

    /**
     * A user changes their own password: the current one is required (a wrong one is
     * {@link PasswordWrong}); their other sessions end, and with {@code revokeTokens} their API tokens too.
     */
    void changeOwnPassword(Principal caller, String current, String replacement, boolean revokeTokens) {
        User user = store.byId(caller.userId()).orElseThrow(() -> new UserNotFound(caller.userId()));
        if (user.source() != User.Source.LOCAL) throw new InvalidRequest("this user's password is kept by the LDAP directory");
        if (current == null || !PasswordHasher.verify(current, store.secrets(user.id()).passwordHash())) {
            throw new PasswordWrong("the current password is wrong");
        }
        setPassword(user.id(), PasswordPolicy.checkReplacing(replacement, store.secrets(user.id()).passwordHash()));
        sessions.endAll(user.id(), caller.sessionId());
        if (revokeTokens) tokens.revokeAll(user.id());
    }

    /**
     * An admin sets (or, with null, generates) a user's password; returns the generated one. All
     * their sessions end, and with {@code revokeTokens} (the default) their API tokens are revoked.
     */
    String resetPassword(String userId, String replacement, boolean revokeTokens) {
        User user = store.byId(userId).orElseThrow(() -> new UserNotFound(userId));
        if (user.source() != User.Source.LOCAL) throw new InvalidRequest("this user's password is kept by the LDAP directory");
        String password = replacement == null ? PasswordPolicy.generate()
                : PasswordPolicy.checkReplacing(replacement, store.secrets(userId).passwordHash());
        setPassword(userId, password);
        sessions.endAll(userId, null);
        if (revokeTokens) tokens.revokeAll(userId);
        return replacement == null ? password : null;
    }

    /**
     * Sets a local user's password by username (the offline {@code drover-server admin} commands),
     * creating an admin of that name when asked; {@code password} null generates one, which is returned.
     */
    public String setPassword(String username, String password, boolean createAdmin) {
        String name = Username.check(username);
        String chosen = PasswordPolicy.givenOrGenerated(password);
        Optional<User> user = store.byUsername(name);
        if (user.isEmpty()) {
            if (!createAdmin) throw new UserNotFound(name);
            create(name, chosen, Role.ADMIN, List.of(), User.Source.LOCAL);
        } else {
            if (password != null) PasswordPolicy.checkReplacing(chosen, store.secrets(user.get().id()).passwordHash());
            setPassword(user.get().id(), chosen);
            sessions.endAll(user.get().id(), null);
        }
        return password == null ? chosen : null;
    }

    private void setPassword(String userId, String password) {
        String hash = PasswordHasher.hash(password);
        store.jdbi().useHandle(h -> store.setPassword(h, userId, hash, clock.millis()));
    }

    private static Role role(String label) {
        try {
            return Role.parse(label);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    private static List<String> projectList(List<String> names) {
        if (names == null) return List.of();
        if (names.size() > 1000) throw new InvalidRequest("a user can be in at most 1000 projects");
        return names.stream().map(ProjectName::check).distinct().sorted().toList();
    }
}
