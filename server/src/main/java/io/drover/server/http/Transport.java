package io.drover.server.http;

import io.javalin.http.Context;

/**
 * Whether the browser's connection to Drover is encrypted: TLS on the HTTPS port, or a plain
 * port the operator said sits behind a TLS-terminating proxy ({@code --http-behind-proxy}). The
 * session cookie is {@code Secure} exactly then. {@link PlainPortGate} marks the proxied requests.
 */
public final class Transport {
    static final String BEHIND_TLS_PROXY = "drover.behind-tls-proxy";

    private Transport() {}

    public static boolean encrypted(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || Boolean.TRUE.equals(ctx.req().getAttribute(BEHIND_TLS_PROXY));
    }
}
