package io.drover.server.http;

import io.drover.server.access.Permission;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The OpenAPI spec kept in the repo, served as is, and Swagger UI from its webjar (no CDN).
 *
 * <p>Under {@value #ASSETS} only the files the page loads are served (the webjar's stock
 * {@code index.html} and {@code swagger-initializer.js} would open the public petstore), and the
 * page runs no inline script under a strict Content-Security-Policy (issue 10, finding 14).
 */
public final class ApiDocs {
    public static final String SPEC_RESOURCE = "/io/drover/server/http/openapi.yaml";
    private static final String ASSETS = "/api/docs/assets";

    /**
     * Scripts and styles only from this server (the bundle, its stylesheet and the page's own
     * file), no eval, nothing inline; Swagger UI sets styles through the DOM, which the policy
     * allows, and its icons are {@code data:} SVG images in its CSS. ApiDocsPageTest runs the page
     * in Chromium and fails on any refusal the policy reports.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final byte[] spec;
    private final byte[] page;
    private final Map<String, Asset> assets;

    /** A file the page loads: its bytes, type and a strong ETag (the bundle is 1.5 MB; a reload needs none of it). */
    private record Asset(byte[] bytes, String contentType, String etag) {
        static Asset of(String resource, String contentType) {
            byte[] bytes = resource(resource);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Asset(bytes, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public ApiDocs() {
        this.spec = resource(SPEC_RESOURCE);
        this.page = resource("/io/drover/server/http/api-docs.html");
        String webjar = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        this.assets = Map.of(
                "swagger-ui.css", Asset.of(webjar + "swagger-ui.css", "text/css; charset=utf-8"),
                "swagger-ui-bundle.js", Asset.of(webjar + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
                "api-docs.js", Asset.of("/io/drover/server/http/api-docs.js", "text/javascript; charset=utf-8"));
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/openapi.yaml", Permission.PUBLIC, this::spec),
                Route.get("/api/docs", Permission.PUBLIC, this::page));
    }

    /** Serves the page's files under {@value #ASSETS}; any other name there is a 404. */
    public void configure(JavalinConfig config) {
        config.routes.addHttpHandler(HandlerType.GET, ASSETS + "/{file}", this::asset);
    }

    private void spec(Context ctx) {
        ctx.contentType("application/yaml").result(spec);
    }

    private void page(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .contentType("text/html; charset=utf-8")
                .result(page);
    }

    private void asset(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("file"));
        if (asset == null) throw new RouteNotFound(ctx.path());
        ctx.header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-cache").header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static String swaggerUiVersion() {
        Properties props = new Properties();
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("swagger-ui webjar missing from the classpath");
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("version");
    }

    static byte[] resource(String name) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
