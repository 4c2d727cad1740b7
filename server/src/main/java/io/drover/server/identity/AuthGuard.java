package io.drover.server.identity;

import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.CallerRefused;
import io.drover.server.http.Credentials;
import io.drover.server.http.Guard;
import io.drover.server.http.NotAuthenticated;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling and may they: a user by API token ({@code Authorization: Bearer dat_…}) or by
 * browser session (cookie, plus the CSRF token on every change), a host agent by
 * {@link HostIdentity}, a machine reporting in by {@link MachineIdentity} (registration tokens).
 */
public final class AuthGuard implements Guard {
    private final ApiTokens tokens;
    private final Sessions sessions;
    private final UserStore users;
    private final HostIdentity hosts;
    private final MachineIdentity machines;

    /**
     * {@code caller} as they are now, or empty when the credential they used no longer works (the
     * user removed or disabled, the token revoked or expired, the session ended). For what holds a
     * caller longer than one request: an open event stream.
     */
    public Optional<Principal> current(Principal caller) {
        if (caller.kind() != Principal.Kind.USER) return Optional.of(caller);
        if (caller.tokenId() != null && !tokens.live(caller.tokenId())) return Optional.empty();
        if (caller.sessionId() != null && !sessions.live(caller.sessionId())) return Optional.empty();
        return users.byId(caller.userId()).filter(u -> !u.disabled())
                .map(u -> new Principal(Principal.Kind.USER, u.id(), u.username(), u.role(), Set.copyOf(u.projects()),
                        caller.readOnly(), caller.tokenId(), caller.sessionId(), null, caller.address()));
    }

    AuthGuard(ApiTokens tokens, Sessions sessions, UserStore users, HostIdentity hosts, MachineIdentity machines) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
        this.hosts = hosts;
        this.machines = machines;
    }

    @Override
    public Principal authenticate(Permission needed, Credentials credentials) {
        return switch (needed) {
            case PUBLIC -> Principal.anonymous(credentials.address());
            case REGISTRATION -> {
                MachineIdentity.Admitted admitted = machines.admit(credentials);
                yield Principal.machine(admitted.project(), admitted.tokenId(), credentials.address());
            }
            case AGENT -> host(credentials);
            default -> authorize(needed, user(credentials));
        };
    }

    private Principal host(Credentials credentials) {
        String hostId = hosts.hostId(credentials);
        if (hostId == null) throw new NotAuthenticated("this operation is for host agents: present the host's client certificate (mutual TLS)");
        return Principal.host(hostId, credentials.address());
    }

    /** The signed-in user: by bearer token when the request carries one, else by session cookie. */
    public Principal user(Credentials credentials) {
        String bearer = Guard.bearerToken(credentials.authorization());
        if (bearer != null) {
            ApiTokens.Owner owner = tokens.authenticate(bearer);
            return principal(owner.userId(), owner.readOnly(), owner.tokenId(), null, credentials.address());
        }
        if (credentials.authorization() != null) throw new NotAuthenticated("Authorization must be 'Bearer <API token>'");
        String secret = credentials.cookie(Sessions.COOKIE);
        if (secret == null) throw new NotAuthenticated("sign in first (POST /api/v1/auth/login) or send Authorization: Bearer <API token>");
        Sessions.Session session = sessions.find(secret)
                .orElseThrow(() -> new NotAuthenticated("the session has ended; sign in again"));
        boolean safe = "GET".equals(credentials.method()) || "HEAD".equals(credentials.method());
        Principal caller = principal(session.userId(), false, null, session.id(), credentials.address());
        if (!safe && !session.csrfMatches(credentials.csrfToken())) {
            throw new CallerRefused(caller, "this request needs the session's CSRF token in the " + Credentials.CSRF_HEADER + " header");
        }
        return caller;
    }

    private Principal principal(String userId, boolean readOnly, String tokenId, String sessionId, String address) {
        User user = users.byId(userId).orElseThrow(() -> new NotAuthenticated("the user of this credential no longer exists"));
        if (user.disabled()) throw new NotAuthenticated("this user is disabled");
        return new Principal(Principal.Kind.USER, user.id(), user.username(), user.role(), Set.copyOf(user.projects()),
                readOnly, tokenId, sessionId, null, address);
    }

    private static Principal authorize(Permission needed, Principal caller) {
        if (caller.holds(needed)) return caller;
        String what = needed.wire();
        if (caller.readOnly() && needed.write()) throw new CallerRefused(caller, "this API token is read-only; " + what + " changes state");
        throw new CallerRefused(caller, "the role " + caller.role().label() + " does not include " + what);
    }
}
