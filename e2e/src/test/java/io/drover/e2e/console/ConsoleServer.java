package io.drover.e2e.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.drover.agent.tls.HostCertificate;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.HeadlessChromium;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;

/**
 * One real server and one headless Chromium for a whole console test class (starting them per test
 * would cost seconds each), a fresh browser context per signed-in user, and the admin's API calls
 * the tests set things up with. Every page error, CSP refusal or browser dialog is collected, and
 * {@link #assertNoProblems()} fails the test on any.
 */
final class ConsoleServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = AdminLogin.loopbackHttps();

    final DroverServer server;
    private final HeadlessChromium chromium;
    private final String adminToken;
    private final List<BrowserContext> contexts = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();

    private ConsoleServer(DroverServer server, HeadlessChromium chromium) {
        this.server = server;
        this.chromium = chromium;
        this.adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
    }

    static ConsoleServer start(Path dataDir) {
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        DroverServer server = DroverServer.start(ServerConfig.defaults(dataDir).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)));
        return new ConsoleServer(server, HeadlessChromium.launch());
    }

    String baseUrl() {
        return "https://127.0.0.1:" + server.port();
    }

    String adminPassword() {
        return server.initialAdminPassword().orElseThrow();
    }

    /** A new browser (context), signed in through the form as username, at the console path given ("/vms?q=web"). */
    Page signedIn(String username, String password, String path) {
        Page page = open(path);
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#signin")).isHidden();
        assertThat(page.locator("#live")).hasText("live");
        return page;
    }

    Page admin(String path) {
        return signedIn(AdminLogin.ADMIN, adminPassword(), path);
    }

    /** A new browser (context) at the console path, not signed in. */
    Page open(String path) {
        Browser browser = chromium.browser();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setIgnoreHTTPSErrors(true));
        contexts.add(context);
        Page page = context.newPage();
        page.onPageError(error -> problems.add("uncaught: " + error));
        page.onConsoleMessage(message -> {
            // Refused requests (the session check before signing in, a 4xx the test provokes) are logged
            // by the browser itself; they are expected, other errors are not.
            if ("error".equals(message.type()) && !message.text().startsWith("Failed to load resource")) {
                problems.add("console: " + message.text());
            }
        });
        page.onDialog(dialog -> {
            problems.add("browser dialog: " + dialog.message());
            dialog.dismiss();
        });
        page.navigate(baseUrl() + "/#" + path);
        return page;
    }

    /** Closes the browsers the test opened and fails on any problem they had. */
    void endTest() {
        for (BrowserContext c : contexts) c.close();
        contexts.clear();
        List<String> seen = List.copyOf(problems);
        problems.clear();
        Assertions.assertThat(seen).as("errors in the page").isEmpty();
    }

    // ---- the admin's API calls ------------------------------------------------------------------

    HttpResponse<String> send(String method, String path, String contentType, HttpRequest.BodyPublisher body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).method(method, body);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode post(String path, String json, int expected) throws Exception {
        HttpResponse<String> r = send("POST", path, "application/json", HttpRequest.BodyPublishers.ofString(json), adminToken);
        Assertions.assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null, HttpRequest.BodyPublishers.noBody(), adminToken);
        Assertions.assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The status the admin gets for GET path. */
    int status(String path) throws Exception {
        return send("GET", path, null, HttpRequest.BodyPublishers.noBody(), adminToken).statusCode();
    }

    void user(String username, String password, String role, String project) throws Exception {
        post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role
                + "\",\"projects\":[\"" + project + "\"]}", 201);
    }

    /** A small raw image uploaded as the body (application/octet-stream). */
    JsonNode image(String name, String project, int bytes) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/images?name=" + name + "&project=" + project, "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(new byte[bytes]), adminToken);
        Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    /**
     * A VM as the API stores it. No host has joined, so its create task fails at placement and the VM
     * stays, in status error: enough for the pages (a real guest is the VM tests' business).
     */
    JsonNode vm(String name, String project, String image) throws Exception {
        return post("/api/v1/vms", "{\"name\":\"" + name + "\",\"project\":\"" + project + "\",\"image\":\"" + image
                + "\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1}", 202);
    }

    /**
     * A host joined as its agent would (a join token, then a CSR for a fresh key); it never links,
     * so it stays offline, which is all a page about it needs. Returns its id.
     */
    String joinHost(String name) throws Exception {
        String token = post("/api/v1/hosts/join-tokens", "{}", 201).get("token").asText();
        String body = JSON.writeValueAsString(Map.of("join_token", token, "name", name,
                "csr", HostCertificate.csr(HostCertificate.newKey(), name)));
        HttpResponse<String> r = send("POST", "/api/v1/hosts/join", "application/json", HttpRequest.BodyPublishers.ofString(body), null);
        Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("host_id").asText();
    }

    void registerMachine(String hostname, String ip) throws Exception {
        HttpResponse<String> r = send("POST", "/api/register", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"hostname\":\"" + hostname + "\",\"ip_address\":\"" + ip + "\"}"), null);
        Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Override
    public void close() {
        for (BrowserContext c : contexts) c.close();
        chromium.close();
        server.close();
    }
}
