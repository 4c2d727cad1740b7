package io.drover.server.hosts;

import io.javalin.http.Context;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * What an admin pastes on a new host: the server's HTTPS URL, the fingerprint of its TLS
 * certificate (the agent pins it, so a self-signed certificate is safe) and the join token.
 */
final class JoinInstructions {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]");

    private final String fingerprint;
    private final String publicUrl;
    private final IntSupplier httpsPort;

    /**
     * @param publicUrl the configured public URL; used when it is https, else the request's host
     *                  name on the HTTPS port
     */
    JoinInstructions(String fingerprint, String publicUrl, IntSupplier httpsPort) {
        this.fingerprint = fingerprint;
        this.publicUrl = publicUrl;
        this.httpsPort = httpsPort;
    }

    String fingerprint() {
        return fingerprint;
    }

    String command(Context ctx, String token) {
        return "drover-agent --server " + agentUrl(ctx) + " --server-fingerprint " + fingerprint + " --join-token " + token;
    }

    /** Agents need the HTTPS port itself (mutual TLS cannot pass a TLS-terminating proxy). */
    private String agentUrl(Context ctx) {
        if (publicUrl != null && publicUrl.startsWith("https://")) return publicUrl;
        String host = ctx.header("Host");
        String name = "SERVER";
        if (host != null) {
            String bare = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
            if (HOST.matcher(bare).matches()) name = bare;
        }
        return "https://" + name + ":" + httpsPort.getAsInt();
    }
}
