package io.drover.server.http;

import io.drover.server.access.Permission;
import io.drover.server.access.Principal;

/**
 * Decides who a request comes from and whether they hold the permission a route needs; throws
 * {@link NotAuthenticated} (401) or {@link Forbidden} (403) when they may not. It sees only
 * {@link Credentials}, so Javalin routes and {@link BodyRoutes} share it.
 */
public interface Guard {
    Principal authenticate(Permission needed, Credentials credentials);

    /** The bearer token in an {@code Authorization} header value, or null when it carries none. */
    static String bearerToken(String header) {
        if (header == null) return null;
        String prefix = "Bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return header.substring(prefix.length()).trim();
    }
}
