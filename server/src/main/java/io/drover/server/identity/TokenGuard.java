package io.drover.server.identity;

import io.drover.server.http.Credentials;
import io.drover.server.http.Guard;
import io.drover.server.http.Permission;
import io.drover.server.http.NotAuthenticated;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Access by bearer token: the admin token for every user permission, the registration token (when
 * set) for {@link Permission#REGISTRATION}; {@link Permission#AGENT} needs a host's client certificate
 * (mutual TLS), which {@link HostIdentity} checks.
 */
public final class TokenGuard implements Guard {
    private final AdminToken admin;
    private final byte[] registrationToken;
    private final HostIdentity hosts;

    public TokenGuard(AdminToken admin, String registrationToken, HostIdentity hosts) {
        this.admin = admin;
        this.hosts = hosts;
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
                return adminPrincipal(address);
            }
            case AGENT -> {
                if (credentials.clientCertificate() == null) {
                    // The admin may fetch what agents fetch (e.g. to check an image); no one else without a certificate.
                    String presented = Guard.bearerToken(authorization);
                    if (presented != null && admin.matches(presented)) return adminPrincipal(address);
                    throw new NotAuthenticated(presented == null
                            ? "this operation is for host agents: it needs the host's client certificate (mutual TLS)"
                            : "the token is not valid here: host agents present their client certificate (mutual TLS)");
                }
                String hostId = hosts.hostId(credentials);
                if (hostId == null) {
                    throw new NotAuthenticated("the client certificate proves no host: expired, revoked or of a removed host");
                }
                return Principal.host(hostId, address);
            }
        }
    }

    private static Principal adminPrincipal(String address) {
        return new Principal(Principal.Kind.USER, "admin", "admin", Role.ADMIN, java.util.Set.of(), false, null, null, null, address);
    }
}
