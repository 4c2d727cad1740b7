package io.drover.server.http;

/**
 * Decides whether a request may use a route of a given {@link Access}; throws when it may not.
 * It sees only the {@code Authorization} header, so Javalin routes and {@link BodyRoutes} share it.
 */
public interface Guard {
    void check(Access access, String authorization);

    /** The bearer token in an {@code Authorization} header value, or null when it carries none. */
    static String bearerToken(String header) {
        if (header == null) return null;
        String prefix = "Bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return header.substring(prefix.length()).trim();
    }
}
