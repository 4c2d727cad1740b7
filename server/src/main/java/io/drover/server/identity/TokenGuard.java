package io.drover.server.identity;

import io.drover.server.http.Credentials;
import io.drover.server.http.Guard;
import io.drover.server.http.Permission;
import io.drover.server.http.NotAuthenticated;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Predicate;

/**
 * Access by bearer token: the admin token for every user permission, the registration token (when
 * set) for {@link Permission#REGISTRATION}, a host credential (or the admin token) for {@link Permission#AGENT}.
 */
public final class TokenGuard implements Guard {
    private final AdminToken admin;
    private final byte[] registrationToken;
    private final Predicate<String> hostCredential;

    public TokenGuard(AdminToken admin, String registrationToken, Predicate<String> hostCredential) {
        this.admin = admin;
        this.hostCredential = hostCredential;
        this.registrationToken = registrationToken == null ? null : registrationToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Principal authenticate(Permission needed, Credentials credentials) {
        String authorization = credentials.authorization();
        String address = credentials.address();
        switch (needed) {
            case PUBLIC -> {
                return Principal.anonymous(address);
            }
            case REGISTRATION -> {
                if (registrationToken == null) return Principal.machine(null, address);
                String presented = Guard.bearerToken(authorization);
                if (presented == null) throw new NotAuthenticated("registration requires Authorization: Bearer <registration token>");
                if (!MessageDigest.isEqual(registrationToken, presented.getBytes(StandardCharsets.UTF_8))) {
                    throw new NotAuthenticated("the registration token is not valid");
                }
                return Principal.machine(null, address);
            }
            default -> {
                String presented = Guard.bearerToken(authorization);
                if (presented == null) throw new NotAuthenticated("this operation requires Authorization: Bearer <admin token>");
                if (!admin.matches(presented)) throw new NotAuthenticated("the admin token is not valid");
                return new Principal(Principal.Kind.USER, "admin", "admin", Role.ADMIN, java.util.Set.of(), false, null, null, null, address);
            }
            case AGENT -> {
                String presented = Guard.bearerToken(authorization);
                if (presented == null) throw new NotAuthenticated("this operation requires Authorization: Bearer <host credential>");
                if (!hostCredential.test(presented) && !admin.matches(presented)) {
                    throw new NotAuthenticated("the host credential is not valid");
                }
                return Principal.host(null, address);
            }
        }
    }
}
