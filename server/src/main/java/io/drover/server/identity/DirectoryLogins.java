package io.drover.server.identity;

import io.drover.server.identity.ldap.DirectoryUnavailable;
import io.drover.server.identity.ldap.InvalidLdapSettings;
import io.drover.server.identity.ldap.LdapConfigStore;
import io.drover.server.identity.ldap.LdapDirectory;
import io.drover.server.identity.ldap.LdapLoginRefused;
import io.drover.server.identity.ldap.LdapSettings;
import io.drover.server.identity.ldap.LdapUser;
import io.drover.server.projects.Projects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins of users the LDAP directory knows: the directory checks the password, and its groups
 * give the role and projects, refreshed at every login (so removing someone from a group takes
 * effect at their next login). The Drover user is made at the first login, with source LDAP and
 * no password hash. A local user is never touched here: {@link Logins} sends only names that are
 * not local users.
 */
final class DirectoryLogins {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLogins.class);

    private final LdapConfigStore config;
    private final UserStore store;
    private final Projects projects;
    private final Clock clock;

    DirectoryLogins(LdapConfigStore config, UserStore store, Projects projects, Clock clock) {
        this.config = config;
        this.store = store;
        this.projects = projects;
        this.clock = clock;
    }

    /** The configured directory, or empty when LDAP login is off; throws {@link DirectoryDown} when the stored settings cannot be read. */
    Optional<LdapSettings> settings() {
        try {
            return config.get();
        } catch (SecretUnreadable | InvalidLdapSettings e) {
            LOG.error("the stored LDAP settings cannot be used ({}); an admin should PUT /api/v1/settings/ldap again", e.getMessage());
            throw new DirectoryDown();
        }
    }

    /** The Drover user {@code username} is, made or refreshed; throws {@link LoginFailed} or {@link DirectoryDown}. */
    User login(LdapSettings settings, String username, String password) {
        LdapUser who;
        try {
            who = new LdapDirectory(settings).authenticate(username, password);
        } catch (LdapLoginRefused e) {
            LOG.info("LDAP login of {} refused: {}", username, e.reason());
            throw LoginFailed.wrongCredentials();
        } catch (DirectoryUnavailable e) {
            LOG.warn("LDAP login of {}: the directory is unavailable: {}", username, e.getMessage());
            throw new DirectoryDown();
        }
        try {
            return provision(username, who);
        } catch (UnableToExecuteStatementException e) {
            // Two first logins at once: the other inserted the user; refresh it instead.
            return provision(username, who);
        }
    }

    /** Whether the directory accepts {@code password} for this LDAP user (disabling two-factor asks again). */
    boolean passwordMatches(User user, String password) {
        Optional<LdapSettings> settings = settings();
        if (settings.isEmpty()) return false;
        try {
            new LdapDirectory(settings.get()).authenticate(user.username(), password);
            return true;
        } catch (LdapLoginRefused e) {
            return false;
        } catch (DirectoryUnavailable e) {
            LOG.warn("checking the password of {}: the directory is unavailable: {}", user.username(), e.getMessage());
            throw new DirectoryDown();
        }
    }

    private User provision(String username, LdapUser who) {
        List<String> wanted = who.projects().stream().sorted().toList();
        return store.jdbi().inTransaction(h -> {
            List<String> existing = projects.existing(h, wanted);
            List<String> missing = new ArrayList<>(wanted);
            missing.removeAll(existing);
            if (!missing.isEmpty()) LOG.warn("LDAP user {}: the group mapping names projects that do not exist, ignored: {}", username, missing);
            List<String> memberOf = existing.stream().sorted().toList();
            Optional<User> found = store.byUsername(h, username);
            if (found.isEmpty()) {
                User user = new User(UUID.randomUUID().toString(), username, User.Source.LDAP, who.role(), memberOf,
                        false, false, clock.millis(), null);
                store.insert(h, user, null, clock.millis());
                LOG.info("LDAP user {} ({}) logged in for the first time as {}", username, who.dn(), who.role().label());
                return user;
            }
            User user = found.get();
            // A local user made meanwhile keeps its own password and role.
            if (user.source() != User.Source.LDAP) throw LoginFailed.wrongCredentials();
            if (user.role() != who.role()) store.setRole(h, user.id(), who.role());
            if (!user.projects().equals(memberOf)) store.setProjects(h, user.id(), memberOf);
            return store.byId(h, user.id()).orElseThrow();
        });
    }
}
