package io.drover.server.identity;

import io.drover.protocol.identity.LoginRequest;
import io.drover.server.identity.ldap.LdapSettings;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks a login (password, then the second factor) and starts a session. Every failure looks
 * the same from outside, whether the username exists or not, is local or comes from the directory.
 *
 * <p>A local user's password is checked here, always: a directory entry with the same name never
 * replaces a local user. A name that is no local user goes to the LDAP directory when one is
 * configured.
 */
final class Logins {
    private final UserStore users;
    private final Sessions sessions;
    private final TwoFactor twoFactor;
    private final DirectoryLogins directory;
    private final Clock clock;

    Logins(UserStore users, Sessions sessions, TwoFactor twoFactor, DirectoryLogins directory, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.directory = directory;
        this.clock = clock;
    }

    /** The user and their new session; throws {@link LoginFailed}, {@link TotpRequired} or {@link DirectoryDown}. */
    Signed login(LoginRequest request, String address) {
        String username = Username.orNull(request.username());
        String password = request.password();
        if (username == null || password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) {
            if (password != null && password.length() <= PasswordPolicy.MAX_LENGTH) PasswordHasher.waste(password);
            throw LoginFailed.wrongCredentials();
        }
        User user = passwordChecked(username, password);
        if (user.totpEnabled()) {
            String code = request.totp();
            if (code == null || code.isBlank()) {
                throw new TotpRequired("this user has two-factor on: send the authenticator app's current code, or a recovery code, as totp");
            }
            if (!twoFactor.accepts(user, code)) throw LoginFailed.wrongCredentials();
        }
        if (user.disabled()) throw new LoginFailed("this user is disabled");
        Sessions.Started started = sessions.start(user.id(), address);
        users.setLastLogin(user.id(), clock.millis());
        return new Signed(user, started);
    }

    /** Whether {@code password} is {@code user}'s, wherever it is kept (disabling two-factor asks for it). */
    boolean passwordMatches(User user, String password) {
        if (password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) return false;
        if (user.source() == User.Source.LDAP) return directory.passwordMatches(user, password);
        return PasswordHasher.verify(password, users.secrets(user.id()).passwordHash());
    }

    private User passwordChecked(String username, String password) {
        Optional<User> found = users.byUsername(username);
        if (found.isPresent() && found.get().source() == User.Source.LOCAL) {
            User user = found.get();
            if (!PasswordHasher.verify(password, users.secrets(user.id()).passwordHash())) throw LoginFailed.wrongCredentials();
            return user;
        }
        Optional<LdapSettings> ldap = directory.settings();
        if (ldap.isEmpty()) {
            PasswordHasher.waste(password); // as long as a wrong password for a user who exists
            throw LoginFailed.wrongCredentials();
        }
        return directory.login(ldap.get(), username, password);
    }

    record Signed(User user, Sessions.Started session) {}
}
