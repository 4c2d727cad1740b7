package io.drover.server.tracker;

import io.drover.server.access.Permission;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Route;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /install.sh}: the tracker installer, rendered for this server's public URL,
 * registration token (the server-wide one, or with {@code ?token=drt_…} a project's, so the
 * machine lands in that project) and, for https URLs, the pin of the server's self-signed certificate's key
 * (curl's {@code --pinnedpubkey}), so the tracker trusts exactly this server. The values are
 * substituted inside single quotes in the template, so they are escaped for that and nothing in
 * them is ever interpreted by the shell.
 */
final class InstallScript {
    static final String TEMPLATE = "/io/drover/server/tracker/install.sh";
    private static final Pattern HOST_HEADER = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final String template;
    private final String publicUrl;
    private final String registrationToken;
    private final RegistrationTokens projectTokens;
    private final String tlsPin;

    /** @param tlsPin {@code sha256//BASE64} of the server key for a self-signed certificate; null when clients trust it anyway */
    InstallScript(String publicUrl, String registrationToken, RegistrationTokens projectTokens, String tlsPin) {
        this.template = load();
        this.publicUrl = publicUrl;
        this.registrationToken = registrationToken;
        this.projectTokens = projectTokens;
        this.tlsPin = tlsPin;
    }

    List<Route> routes() {
        return List.of(Route.get("/install.sh", Permission.PUBLIC, this::serve));
    }

    private void serve(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null || token.isEmpty()) {
            token = registrationToken;
        } else if (projectTokens.projectOf(token).isEmpty()) {
            // Anyone may fetch the script, so it never says whether a token ever existed.
            throw new InvalidRequest("token is not a live registration token of any project");
        }
        ctx.header("Cache-Control", "no-store").contentType("text/x-shellscript; charset=utf-8").result(render(serverUrl(ctx), token));
    }

    String render(String serverUrl, String token) {
        return template
                .replace("__DROVER_URL__", singleQuoted(serverUrl))
                .replace("__DROVER_TOKEN__", singleQuoted(token == null ? "" : token))
                .replace("__DROVER_PIN__", singleQuoted(pin(serverUrl)));
    }

    /**
     * The line an operator runs on a machine to install the tracker with {@code token} (a
     * project's registration token) from the server at {@code url} (see {@link #serverUrl}).
     */
    String command(String url, String token) {
        String pin = pin(url);
        // Tokens are base64url and the URL was checked, so single quotes are all the shell needs.
        return "curl -fsSL " + (pin.isEmpty() ? "" : "-k --pinnedpubkey '" + pin + "' ")
                + "'" + singleQuoted(url) + "/install.sh?token=" + token + "' | sh";
    }

    private String pin(String serverUrl) {
        return tlsPin != null && serverUrl.startsWith("https://") ? tlsPin : "";
    }

    /** The configured public URL, else the URL this request reached us by; a malformed Host header is a 400. */
    String serverUrl(Context ctx) {
        if (publicUrl != null) return publicUrl;
        String host = ctx.header("Host");
        if (host == null || !HOST_HEADER.matcher(host).matches()) {
            throw new InvalidRequest("the Host header is missing or malformed; set --public-url on the server");
        }
        return ctx.scheme() + "://" + host;
    }

    /** Escapes a value for the inside of a POSIX single-quoted string. */
    static String singleQuoted(String value) {
        return value.replace("'", "'\\''");
    }

    private static String load() {
        try (InputStream in = InstallScript.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("missing resource " + TEMPLATE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
