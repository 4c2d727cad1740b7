package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 14: {@code /api/docs} had no Content-Security-Policy (and an inline script),
 * and {@code /api/docs/assets/} served the whole webjar, the stock page pointing at the public
 * petstore among it. Against the real server, anonymously (the docs are public).
 */
class ApiDocsTest {

    @TempDir
    Path tmp;
    TestServer api;

    @BeforeEach
    void start() {
        api = TestServer.start(TestStores.H2, tmp, c -> c);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void theDocsPageRunsOnlyTheServersScriptsUnderAStrictPolicy() {
        HttpResponse<String> page = api.getAnonymous("/api/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("default-src 'none'", "script-src 'self';", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'");
        String scriptSrc = csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")));
        assertThat(scriptSrc).doesNotContain("unsafe", "*", "http");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        // Every script of the page is a file of this server: none inline, none elsewhere.
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=\"/api/docs/assets/)").matcher(page.body()).find()).as(page.body()).isFalse();
        assertThat(page.body()).contains("<script src=\"/api/docs/assets/api-docs.js\"></script>");
    }

    @Test
    void onlyTheFilesThePageLoadsAreServed() throws Exception {
        for (String[] file : new String[][] {{"swagger-ui-bundle.js", "text/javascript", "SwaggerUIBundle"},
                {"swagger-ui.css", "text/css", ".swagger-ui"}, {"api-docs.js", "text/javascript", "X-CSRF-Token"}}) {
            HttpResponse<String> r = api.getAnonymous("/api/docs/assets/" + file[0]);
            assertThat(r.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(file[1]));
            assertThat(r.body()).contains(file[2]);
            // A reload costs nothing: the same file is a 304.
            String etag = r.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = api.send(HttpRequest.newBuilder(URI.create(api.url("/api/docs/assets/" + file[0])))
                    .header("If-None-Match", etag));
            assertThat(again.statusCode()).isEqualTo(304);
        }
        // The webjar's stock page and its initializer (the public petstore), and everything else in it.
        for (String other : List.of("index.html", "swagger-initializer.js", "index.css", "favicon-32x32.png", "oauth2-redirect.html",
                "oauth2-redirect.js", "swagger-ui.js", "swagger-ui-standalone-preset.js", "swagger-ui-es-bundle.js",
                "swagger-ui-bundle.js.map", "", "x/../index.html", "%2e%2e/x")) {
            HttpResponse<String> r = api.getAnonymous("/api/docs/assets/" + other);
            assertThat(r.statusCode()).as(other + ": " + r.body()).isIn(400, 404);
            assertThat(r.body()).doesNotContain("petstore", "SwaggerUIStandalonePreset");
        }
    }
}
