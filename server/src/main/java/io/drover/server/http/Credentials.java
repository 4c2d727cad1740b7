package io.drover.server.http;

import io.javalin.http.Context;
import java.security.cert.X509Certificate;

/**
 * What a request presents about its caller: the raw {@code Authorization} and {@code Cookie}
 * headers, the CSRF header, the TLS client certificate (agents), the method and the client
 * address (for rate limits and the audit).
 */
public record Credentials(String method, String authorization, String cookies, String csrfToken,
                          X509Certificate clientCertificate, String address) {
    public static final String CSRF_HEADER = "X-CSRF-Token";

    public static Credentials of(Context ctx) {
        return new Credentials(ctx.method().name(), ctx.header("Authorization"), ctx.header("Cookie"),
                ctx.header(CSRF_HEADER), clientCertificate(ctx), ctx.ip());
    }

    /** The leaf certificate the client presented in the TLS handshake, or null. */
    static X509Certificate clientCertificate(Context ctx) {
        Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof X509Certificate[] certs && certs.length > 0 ? certs[0] : null;
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
