package io.drover.server.http;

import io.javalin.http.Context;

/**
 * What a request presents about its caller: the raw {@code Authorization} and {@code Cookie}
 * headers, the CSRF header, the method and the client address (for rate limits and the audit).
 */
public record Credentials(String method, String authorization, String cookies, String csrfToken, String address) {
    public static final String CSRF_HEADER = "X-CSRF-Token";

    public static Credentials of(Context ctx) {
        return new Credentials(ctx.method().name(), ctx.header("Authorization"), ctx.header("Cookie"),
                ctx.header(CSRF_HEADER), ctx.ip());
    }

    /** The value of cookie {@code name} in the {@code Cookie} header, or null. */
    public String cookie(String name) {
        if (cookies == null) return null;
        for (String part : cookies.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) return part.substring(eq + 1).trim();
        }
        return null;
    }
}
