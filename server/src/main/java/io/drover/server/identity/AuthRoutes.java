package io.drover.server.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.identity.LoginRequest;
import io.drover.protocol.identity.PasswordChange;
import io.drover.protocol.identity.SessionInfo;
import io.drover.protocol.identity.TokenRequest;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.audit.AuditNotes;
import io.drover.server.http.ApiException;
import io.drover.server.http.Bodies;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.drover.server.http.Transport;
import io.drover.server.http.limits.LoginThrottle;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/auth}: sign in and out, who am I, my password, my API tokens. */
final class AuthRoutes {
    /** A token that no longer exists, was never the caller's, or was already revoked. */
    static final class TokenNotFound extends ApiException {
        TokenNotFound(String id) {
            super(404, "Not Found", "you have no API token " + id);
        }
    }

    /** A username, a password and a code fit in far less; a bigger body is refused from its Content-Length. */
    static final int MAX_LOGIN_BODY = 4 * 1024;

    private final Logins logins;
    private final LoginThrottle throttle;
    private final Users users;
    private final Sessions sessions;
    private final ApiTokens tokens;
    private final ObjectMapper mapper;

    AuthRoutes(Logins logins, LoginThrottle throttle, Users users, Sessions sessions, ApiTokens tokens, ObjectMapper mapper) {
        this.logins = logins;
        this.throttle = throttle;
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/api/v1/auth/login", Permission.PUBLIC, this::login),
                Route.post("/api/v1/auth/logout", Permission.SELF_WRITE, this::logout),
                Route.get("/api/v1/auth/session", Permission.SELF_READ, this::session),
                Route.post("/api/v1/auth/password", Permission.SELF_WRITE, this::changePassword),
                Route.get("/api/v1/auth/tokens", Permission.SELF_READ, this::listTokens),
                Route.post("/api/v1/auth/tokens", Permission.SELF_WRITE, this::createToken),
                Route.delete("/api/v1/auth/tokens/{id}", Permission.SELF_WRITE, this::revokeToken));
    }

    private void login(Context ctx) {
        // The address's limit first: an address over it gets no thread to send a body slowly on.
        throttle.admitAddress(ctx.ip());
        LoginRequest request = Bodies.json(ctx, mapper, LoginRequest.class, null, MAX_LOGIN_BODY);
        if (request == null) throw new InvalidRequest("a JSON body with username and password is required");
        String username = String.valueOf(request.username());
        AuditNotes.attemptedUser(ctx, username);
        throttle.checkUser(username);
        Logins.Signed signed;
        try {
            signed = logins.login(request, ctx.ip());
        } catch (LoginFailed e) {
            throttle.recordFailure(ctx.ip(), username);
            throw e;
        }
        throttle.recordSuccess(username);
        User user = signed.user();
        Sessions.Session session = signed.session().session();
        Principal signedIn = new Principal(Principal.Kind.USER, user.id(), user.username(), user.role(),
                Set.copyOf(user.projects()), false, null, session.id(), null, ctx.ip());
        AuditNotes.signedIn(ctx, signedIn);
        ctx.header("Set-Cookie", sessions.cookie(signed.session().secret(), secure(ctx)))
                .header("Cache-Control", "no-store")
                .json(sessionInfo(signedIn, user, "session", session.csrfToken(), Rfc3339.format(session.expiresMs())));
    }

    private void logout(Context ctx) {
        Principal caller = Principal.of(ctx);
        if (caller.sessionId() != null) sessions.end(caller.userId(), caller.sessionId());
        ctx.header("Set-Cookie", Sessions.clearedCookie(secure(ctx))).status(204);
    }

    private void session(Context ctx) {
        Principal caller = Principal.of(ctx);
        User user = users.get(caller.userId());
        String csrf = null;
        String expires = null;
        if (caller.sessionId() != null) {
            // The page asks here after a reload: the CSRF token is readable by our own origin only.
            Sessions.Session s = sessions.find(ctx.cookie(Sessions.COOKIE)).orElseThrow();
            csrf = s.csrfToken();
            expires = Rfc3339.format(s.expiresMs());
        }
        ctx.header("Cache-Control", "no-store")
                .json(sessionInfo(caller, user, caller.sessionId() != null ? "session" : "token", csrf, expires));
    }

    /**
     * Who is signed in and what they may do, from the same {@link Principal} rules the guard
     * enforces, so the console offers exactly the actions the routes will allow.
     */
    private static SessionInfo sessionInfo(Principal caller, User user, String via, String csrf, String expires) {
        return new SessionInfo(user.info(), via, csrf, expires, caller.readOnly(),
                caller.permissions().stream().map(Permission::wire).toList(), caller.isAdmin());
    }

    private void changePassword(Context ctx) {
        PasswordChange change = Bodies.json(ctx, mapper, PasswordChange.class, null);
        if (change == null) throw new InvalidRequest("a JSON body with current_password and new_password is required");
        Principal caller = Principal.of(ctx);
        // A stolen session or token must not guess the password faster than a login could.
        throttle.checkUser(caller.username());
        try {
            users.changeOwnPassword(caller, change.currentPassword(), change.newPassword(), Boolean.TRUE.equals(change.revokeTokens()));
        } catch (PasswordWrong e) {
            throttle.recordFailure(ctx.ip(), caller.username());
            throw e;
        }
        ctx.status(204);
    }

    private void listTokens(Context ctx) {
        ctx.json(Map.of("items", tokens.list(Principal.of(ctx).userId())));
    }

    private void createToken(Context ctx) {
        TokenRequest request = Bodies.json(ctx, mapper, TokenRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the token's name is required");
        Principal caller = Principal.of(ctx);
        Duration ttl = request.ttlSeconds() == null ? null : Duration.ofSeconds(Math.max(request.ttlSeconds(), 0));
        ctx.status(201).header("Cache-Control", "no-store")
                .json(tokens.create(caller.userId(), request.name(), ttl, Boolean.TRUE.equals(request.readOnly())));
    }

    private void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        if (!tokens.revoke(Principal.of(ctx).userId(), id)) throw new TokenNotFound(id);
        ctx.status(204);
    }

    static boolean secure(Context ctx) {
        return Transport.encrypted(ctx);
    }
}
