package io.drover.server.http;

import io.javalin.http.Context;

/** Decides whether a request may use a route of a given {@link Access}; throws when it may not. */
public interface Guard {
    void check(Access access, Context ctx);

    /** The bearer token of a request, or null when it carries none. */
    static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) return null;
        String prefix = "Bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return header.substring(prefix.length()).trim();
    }
}
