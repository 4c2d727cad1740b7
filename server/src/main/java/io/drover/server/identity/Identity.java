package io.drover.server.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.http.Route;
import io.drover.server.http.limits.LoginThrottle;
import io.drover.server.identity.ldap.LdapConfigStore;
import io.drover.server.identity.ldap.LdapSettingsRoutes;
import io.drover.server.projects.Projects;
import io.drover.server.store.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The identity feature wired together: users, sessions, API tokens, two-factor, LDAP login, the
 * guard and their routes. {@code secrets} seals what must be read back (TOTP secrets, the LDAP
 * bind password); every replica must hold the same key.
 */
public final class Identity {
    private final Users users;
    private final AuthGuard guard;
    private final AccessChanges accessChanges = new AccessChanges();
    private final List<Route> routes;

    public Identity(Jdbi jdbi, Clock clock, ObjectMapper mapper, IdentitySettings settings, Projects projects,
                    HostIdentity hosts, MachineIdentity machines, SecretBox secrets, LoginThrottle throttle) {
        UserStore store = new UserStore(jdbi);
        Sessions sessions = new Sessions(jdbi, clock, settings, accessChanges);
        ApiTokens tokens = new ApiTokens(jdbi, clock, accessChanges);
        this.users = new Users(store, sessions, tokens, projects, clock, accessChanges);
        this.guard = new AuthGuard(tokens, sessions, store, hosts, machines);
        LdapConfigStore ldap = new LdapConfigStore(new Settings(jdbi), secrets);
        TwoFactor twoFactor = new TwoFactor(store, secrets, clock, mapper);
        Logins logins = new Logins(store, sessions, twoFactor, new DirectoryLogins(ldap, store, projects, clock), clock);
        List<Route> all = new ArrayList<>(new AuthRoutes(logins, throttle, users, sessions, tokens, mapper).routes());
        all.addAll(new TotpRoutes(twoFactor, users, logins, throttle, mapper).routes());
        all.addAll(new UserRoutes(users, mapper).routes());
        all.addAll(new LdapSettingsRoutes(ldap, mapper).routes());
        this.routes = List.copyOf(all);
    }

    /** Only the pieces the offline admin commands need: users on a store, no server. */
    public static Users users(Jdbi jdbi, Clock clock, IdentitySettings settings) {
        // No server runs here, so no stream hears of the change (a running server's streams are not told either).
        AccessChanges nobody = new AccessChanges();
        return new Users(new UserStore(jdbi), new Sessions(jdbi, clock, settings, nobody), new ApiTokens(jdbi, clock, nobody),
                new Projects(jdbi, clock, null), clock, nobody);
    }

    /** Makes an API token for {@code username} on a store directly (the offline {@code drover-server admin token}). */
    public static String mintToken(Jdbi jdbi, Clock clock, String username, String name, Duration ttl, boolean readOnly) {
        User user = new UserStore(jdbi).byUsername(Username.check(username)).orElseThrow(() -> new UserNotFound(username));
        return new ApiTokens(jdbi, clock, new AccessChanges()).create(user.id(), name, ttl, readOnly).token();
    }

    public AuthGuard guard() {
        return guard;
    }

    /** Heard whenever a user's access or credentials change (the event streams check their callers again). */
    public AccessChanges accessChanges() {
        return accessChanges;
    }

    public Users users() {
        return users;
    }

    public List<Route> routes() {
        return routes;
    }

    /** Creates the first admin on a store with no users; its generated password, to print once. */
    public Optional<String> ensureFirstAdmin() {
        return users.ensureFirstAdmin();
    }
}
