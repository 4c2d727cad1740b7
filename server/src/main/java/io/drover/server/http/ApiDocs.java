package io.drover.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/** The OpenAPI spec kept in the repo, served as is, and Swagger UI from its webjar (no CDN). */
public final class ApiDocs {
    public static final String SPEC_RESOURCE = "/io/drover/server/http/openapi.yaml";
    private static final String ASSETS = "/api/docs/assets";

    private final byte[] spec;
    private final String page;

    public ApiDocs() {
        this.spec = resource(SPEC_RESOURCE);
        this.page = new String(resource("/io/drover/server/http/api-docs.html"), StandardCharsets.UTF_8);
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/openapi.yaml", Permission.PUBLIC, this::spec),
                Route.get("/api/docs", Permission.PUBLIC, this::page));
    }

    /** Serves the Swagger UI files of the bundled webjar under {@value #ASSETS}. */
    public void configure(JavalinConfig config) {
        String directory = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion();
        config.staticFiles.add(files -> {
            files.hostedPath = ASSETS;
            files.directory = directory;
            files.location = Location.CLASSPATH;
        });
    }

    private void spec(Context ctx) {
        ctx.contentType("application/yaml").result(spec);
    }

    private void page(Context ctx) {
        ctx.html(page);
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
