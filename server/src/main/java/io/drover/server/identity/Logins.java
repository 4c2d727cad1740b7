package io.drover.server.identity;

import io.drover.protocol.identity.LoginRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks a login (password, then the second factor) and starts a session. Every failure looks
 * the same from outside, whether the username exists or not.
 */
final class Logins {
    private final UserStore users;
    private final Sessions sessions;
    private final Clock clock;

    Logins(UserStore users, Sessions sessions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The user and their new session; throws {@link LoginFailed} or {@link TotpRequired}. */
    Signed login(LoginRequest request, String address) {
        String username = Username.orNull(request.username());
        String password = request.password();
        if (username == null || password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) {
            if (password != null && password.length() <= PasswordPolicy.MAX_LENGTH) PasswordHasher.waste(password);
            throw LoginFailed.wrongCredentials();
        }
        Optional<User> found = users.byUsername(username);
        if (found.isEmpty() || found.get().source() != User.Source.LOCAL) {
            PasswordHasher.waste(password);
            throw LoginFailed.wrongCredentials();
        }
        User user = found.get();
        if (!PasswordHasher.verify(password, users.secrets(user.id()).passwordHash())) throw LoginFailed.wrongCredentials();
        if (user.disabled()) throw new LoginFailed("this user is disabled");
        Sessions.Started started = sessions.start(user.id(), address);
        users.setLastLogin(user.id(), clock.millis());
        return new Signed(user, started);
    }

    record Signed(User user, Sessions.Started session) {}
}
