package io.drover.server.console;

import io.drover.server.access.Permission;
import io.drover.server.http.Route;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The web console: the page at {@code /} and its assets under {@code /console/}, all served by the server. */
public final class ConsoleRoutes {
    /**
     * Only the server's own scripts and API: even if markup slipped past the page's escaping, an
     * injected inline script or handler would not run. Two allowances for the VM consoles' libraries:
     * style elements ({@code 'unsafe-inline'} styles), because xterm.js writes its layout and theme as
     * one; and {@code data:} images, which noVNC makes of the guest's cursor and of JPEG/PNG screen
     * updates. Neither can run code, and with everything else on 'self' an injected style cannot
     * load from or send to anywhere else.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final byte[] index;

    public ConsoleRoutes() {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/io/drover/server/console/index.html")) {
            if (in == null) throw new IllegalStateException("missing console page");
            this.index = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Route> routes() {
        return List.of(Route.get("/", Permission.PUBLIC, this::index));
    }

    public void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/console";
            files.directory = "/io/drover/server/console/assets";
            files.location = Location.CLASSPATH;
        });
    }

    private void index(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                // The page is tiny; always revalidating means an upgraded server is seen at once.
                .header("Cache-Control", "no-cache")
                .contentType("text/html; charset=utf-8")
                .result(index);
    }
}
