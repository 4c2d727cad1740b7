package io.drover.e2e.apidocs;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.drover.e2e.HeadlessChromium;
import io.drover.e2e.AdminLogin;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API docs page (Swagger UI at /api/docs) in Debian's Chromium against a real in-process
 * server: "Try it out" on a POST works for a user signed in to the console (the page sends the
 * session's CSRF token) and for one who pasted an API token into Authorize, and what it made is
 * really there afterwards; the operations it opens render whole (no "Could not render"). All
 * traffic stays on 127.0.0.1.
 */
@Timeout(120)
class ApiDocsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = AdminLogin.loopbackHttps();

    private static HeadlessChromium chromium;
    private static Browser browser;

    @TempDir Path dataDir;

    private DroverServer server;
    private BrowserContext context;
    private Page page;
    /** Script errors in the page and every API request the docs page made that was refused: each test ends with none. */
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Set once the docs page opens: the console's sign-in form is refused a session before it signs in. */
    private volatile boolean onDocsPage;
    private String adminToken;

    @BeforeAll
    static void launchBrowser() {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) chromium.close();
    }

    @BeforeEach
    void startServerAndPage() {
        server = DroverServer.start(ServerConfig.defaults(dataDir).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)));
        // HTTPS with the self-signed certificate the server made for this run, as a user accepts it once.
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setIgnoreHTTPSErrors(true));
        page = context.newPage();
        page.onPageError(error -> problems.add("uncaught: " + error));
        // Anything the page's Content-Security-Policy refused (Chromium says so on the console) is a problem too.
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) problems.add("refused by the policy: " + message.text());
        });
        page.onResponse(response -> {
            if (onDocsPage && response.url().contains("/api/") && response.status() >= 400) {
                problems.add(response.request().method() + " " + response.url() + " answered " + response.status());
            }
        });
    }

    @AfterEach
    void tearDown() {
        if (context != null) context.close();
        if (server != null) server.close();
        Assertions.assertThat(problems).as("errors in the page, refused API requests").isEmpty();
    }

    @Test
    void aUserSignedInToTheConsoleCreatesAProjectWithTryItOut() throws Exception {
        page.navigate(baseUrl() + "/");
        page.locator("#username").fill(AdminLogin.ADMIN);
        page.locator("#password").fill(server.initialAdminPassword().orElseThrow());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#live")).hasText("live");

        openDocs();
        Locator operation = operation("post", "/api/v1/projects");
        tryItOut(operation, "{\"name\":\"from-the-docs\",\"description\":\"made in Swagger UI\"}");

        assertThat(responseStatus(operation)).hasText("201");
        HttpResponse<String> project = getAsAdmin("/api/v1/projects/from-the-docs");
        Assertions.assertThat(project.statusCode()).as(project.body()).isEqualTo(200);
        Assertions.assertThat(JSON.readTree(project.body()).path("description").asText()).isEqualTo("made in Swagger UI");
        // The other project routes render too (a project's schema was once unreadable).
        expand(operation("get", "/api/v1/projects"));
        expand(operation("get", "/api/v1/projects/{name}"));
        expand(operation("patch", "/api/v1/projects/{name}"));
    }

    @Test
    void anApiTokenPastedIntoAuthorizeMakesARegistrationTokenWithTryItOut() throws Exception {
        String token = adminToken();
        openDocs();
        page.locator(".scheme-container button.authorize").click();
        Locator dialog = page.locator(".dialog-ux .modal-ux");
        assertThat(dialog).isVisible();
        Locator apiToken = dialog.locator(".auth-container")
                .filter(new Locator.FilterOptions().setHas(page.locator("h4", new Page.LocatorOptions().setHasText("apiToken"))));
        apiToken.locator("input").fill(token);
        apiToken.locator("button.authorize").click();
        assertThat(apiToken.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove authorization"))).isVisible();
        apiToken.locator("button.btn-done").click();
        assertThat(dialog).isHidden();

        Locator operation = operation("post", "/api/v1/projects/{name}/registration-tokens");
        expand(operation);
        operation.locator("button.try-out__btn").click();
        operation.locator("tr[data-param-name='name'] input").fill("default");
        operation.locator("textarea.body-param__text").fill("{\"name\":\"racks\"}");
        operation.locator("button.execute").click();

        assertThat(responseStatus(operation)).hasText("201");
        assertThat(operation.locator(".live-responses-table")).containsText("drt_");
        HttpResponse<String> tokens = getAsAdmin("/api/v1/projects/default/registration-tokens");
        Assertions.assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(tokens.body()).path("items");
        Assertions.assertThat(items).extracting(t -> t.path("name").asText()).containsExactly("racks");
        Assertions.assertThat(context.cookies()).as("no session: the token alone did it").isEmpty();
    }

    private void openDocs() {
        onDocsPage = true;
        com.microsoft.playwright.Response docs = page.navigate(baseUrl() + "/api/docs");
        // Issue 10, finding 14: the page runs under a strict policy: only this server's script files.
        Assertions.assertThat(docs.headers().get("content-security-policy")).contains("script-src 'self';", "default-src 'none'")
                .doesNotContain("unsafe-eval");
        assertThat(page.locator(".swagger-ui .info .title")).containsText("Drover API");
    }

    /** Issue 10, finding 14: the webjar's stock page (the public petstore) and its other files are not served. */
    @Test
    void onlyThePagesOwnAssetsAreServed() throws Exception {
        openDocs();
        Assertions.assertThat(page.locator("script").evaluateAll("s => s.map(e => e.src || 'inline')").toString())
                .doesNotContain("inline");
        for (String stock : List.of("index.html", "swagger-initializer.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/docs/assets/" + stock)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Assertions.assertThat(r.statusCode()).as(stock).isEqualTo(404);
            Assertions.assertThat(r.body()).doesNotContain("petstore");
        }
    }

    /** The operation's block; Swagger UI shows each once per tag, and each of ours has one tag. */
    private Locator operation(String method, String path) {
        return page.locator(".opblock.opblock-" + method).filter(new Locator.FilterOptions()
                .setHas(page.locator(".opblock-summary-path[data-path='" + path + "']")));
    }

    /** Expands the operation, presses "Try it out", puts {@code json} in the body and presses "Execute". */
    private void tryItOut(Locator operation, String json) {
        expand(operation);
        operation.locator("button.try-out__btn").click();
        operation.locator("textarea.body-param__text").fill(json);
        operation.locator("button.execute").click();
    }

    /**
     * Opens the operation and checks that it rendered: a schema Swagger UI cannot read (such as a
     * property written as the string "{type: string}") shows "Could not render …" instead.
     */
    private void expand(Locator operation) {
        operation.locator(".opblock-summary").click();
        assertThat(operation.locator(".opblock-body, :text('Could not render')").first()).isVisible();
        assertThat(operation).not().containsText("Could not render");
    }

    /** The status of the response Swagger UI got for the request it just sent. */
    private static Locator responseStatus(Locator operation) {
        Locator status = operation.locator(".live-responses-table tbody .response-col_status");
        assertThat(status).hasText(Pattern.compile("\\d{3}"));
        return status;
    }

    private String adminToken() {
        if (adminToken == null) adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
        return adminToken;
    }

    private String baseUrl() {
        return "https://127.0.0.1:" + server.port(); // the console is served over HTTPS only
    }

    private HttpResponse<String> getAsAdmin(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + adminToken())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
