package io.drover.e2e.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tracker.LivenessPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in Debian's Chromium against a real in-process server: live updates without a
 * reload, reported strings shown as text, delete with confirmation and the admin token, counts
 * and the filter. All traffic stays on 127.0.0.1.
 */
@Timeout(120)
class ConsolePageTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final String MARKUP_INTERFACE = "<img src=x onerror=alert(1)>";
    private static final String MARKUP_OS = "<b>bold</b>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Playwright playwright;
    private static Browser browser;

    @TempDir Path dataDir;

    private DroverServer server;
    private BrowserContext context;
    private Page page;
    private ScheduledExecutorService heartbeats;
    /** Script errors (uncaught, CSP refusals), failed heartbeats: each test ends with none. */
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Every dialog the page opened, in order. */
    private final List<Dialog> dialogs = new CopyOnWriteArrayList<>();
    private final List<String> promptAnswers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        Assertions.assertThat(Files.isExecutable(CHROMIUM))
                .as("Debian's Chromium at %s (apt-get install -y chromium)", CHROMIUM).isTrue();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @AfterEach
    void tearDown() {
        if (heartbeats != null) heartbeats.shutdownNow();
        if (context != null) context.close();
        if (server != null) server.close();
        Assertions.assertThat(problems).as("errors in the page or the test's heartbeats").isEmpty();
    }

    @Test
    void listsAMachineThatRegistersAfterThePageOpened() throws Exception {
        openConsole(LivenessPolicy.defaults());
        assertThat(page.locator("#empty")).containsText("No machines are tracked yet");
        page.evaluate("() => { window.droverTestMarker = 'same page'; }");

        register("late-vm", "10.0.0.7", "eth0", "Debian GNU/Linux 12 (bookworm)");

        Locator row = row("late-vm");
        assertThat(row).isVisible();
        assertThat(row.locator("td.ip")).hasText("10.0.0.7");
        assertThat(row.locator("td.interface")).hasText("eth0");
        assertThat(row.locator("td.os")).hasText("Debian GNU/Linux 12 (bookworm)");
        assertThat(row.locator(".badge")).hasText("online");
        assertThat(row.locator("td.lastSeen")).containsText(" s ago");
        assertThat(page.locator("#empty")).isHidden();
        Assertions.assertThat(page.evaluate("() => window.droverTestMarker"))
                .as("the row appeared without a reload").isEqualTo("same page");
    }

    @Test
    void showsReportedMarkupAsText() throws Exception {
        openConsole(LivenessPolicy.defaults());

        register("markup-vm", "10.0.0.8", MARKUP_INTERFACE, MARKUP_OS);

        Locator row = row("markup-vm");
        assertThat(row).isVisible();
        assertThat(row.locator("td.interface")).hasText(MARKUP_INTERFACE);
        assertThat(row.locator("td.os")).hasText(MARKUP_OS);
        Assertions.assertThat(page.locator("#machines img, #machines b").count()).isZero();
        Assertions.assertThat(dialogs).as("no injected alert() ran").isEmpty();
        // Defence in depth: markup that got through anyway could not run inline script.
        Assertions.assertThat(get("/").headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> Assertions.assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void deleteAsksForConfirmationAndTheAdminTokenOnce() throws Exception {
        openConsole(LivenessPolicy.defaults());
        String adminToken = server.initialAdminToken().orElseThrow();
        register("late-vm", "10.0.0.7", "eth0", null);
        register("other-vm", "10.0.0.9", "eth1", null);
        assertThat(row("late-vm")).isVisible();

        // A wrong token is refused and forgotten; the row stays.
        promptAnswers.add("not-the-token");
        deleteButton("late-vm").click();
        assertThat(page.locator("#notice")).containsText("not accepted");
        assertThat(row("late-vm")).isVisible();

        // Asked again, the right token deletes the machine.
        promptAnswers.add(adminToken);
        deleteButton("late-vm").click();
        assertThat(row("late-vm")).hasCount(0);
        assertThat(page.locator("#notice")).hasText("Deleted late-vm.");
        Assertions.assertThat(get("/api/v1/machines/late-vm").statusCode()).isEqualTo(404);

        // The token is kept for the tab: the next delete only asks for confirmation.
        deleteButton("other-vm").click();
        assertThat(row("other-vm")).hasCount(0);
        Assertions.assertThat(get("/api/v1/machines/other-vm").statusCode()).isEqualTo(404);

        Assertions.assertThat(dialogs).extracting(Dialog::type)
                .containsExactly("confirm", "prompt", "confirm", "prompt", "confirm");
        Assertions.assertThat(dialogs.get(0).message()).contains("late-vm");
        Assertions.assertThat(promptAnswers).isEmpty();
    }

    @Test
    void countsOnlineAndOfflineMachinesAndFilters() throws Exception {
        // Offline after 2 s of silence, checked twice a second, so the test need not wait long.
        openConsole(new LivenessPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(300)));
        register("quiet-vm", "192.168.50.11", "ens3", null);
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                register("busy-vm", "192.168.50.12", "ens3", "Ubuntu 24.04.1 LTS");
                register("web-01.prod.example", "10.20.0.5", "enp1s0", "Rocky Linux 9.4 (Blue Onyx)");
            } catch (Exception e) {
                problems.add("heartbeat failed: " + e);
            }
        }, 0, 500, TimeUnit.MILLISECONDS);

        assertThat(row("quiet-vm").locator(".badge")).hasText("offline");
        assertThat(page.locator("#count-online")).hasText("2");
        assertThat(page.locator("#count-offline")).hasText("1");
        assertThat(page.locator("#count-total")).hasText("3");
        assertThat(page.locator("#counts")).hasText("2 online 1 offline 3 total");
        assertThat(row("busy-vm").locator(".badge")).hasText("online");

        // By IP, case-insensitively by hostname, and back.
        page.locator("#filter").fill("192.168.50.12");
        assertThat(page.locator("#rows tr")).hasCount(1);
        assertThat(row("busy-vm")).isVisible();
        assertThat(page.locator("#shown")).hasText("1 of 3 shown");
        page.locator("#filter").fill("WEB-01");
        assertThat(page.locator("#rows tr")).hasCount(1);
        assertThat(row("web-01.prod.example")).isVisible();
        page.locator("#filter").fill("no-such-machine");
        assertThat(page.locator("#rows tr")).hasCount(0);
        assertThat(page.locator("#empty")).containsText("No machine matches");
        page.locator("#filter").fill("");
        assertThat(page.locator("#rows tr")).hasCount(3);
        // Counts are of the whole fleet, not of the filtered rows.
        assertThat(page.locator("#count-total")).hasText("3");

        Files.createDirectories(Paths.get("target"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "console.png")).setFullPage(true));
    }

    private void openConsole(LivenessPolicy liveness) {
        server = DroverServer.start(ServerConfig.defaults(dataDir).withBind("127.0.0.1").withPort(0).withTls(io.drover.server.tls.TlsSettings.defaults().withHttpPort(0)).withLiveness(liveness));
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 640));
        page = context.newPage();
        page.onPageError(error -> problems.add("uncaught: " + error));
        page.onConsoleMessage(message -> {
            // The refused DELETE is logged by the browser itself; it is expected, other errors are not.
            if ("error".equals(message.type()) && !message.text().startsWith("Failed to load resource")) {
                problems.add("console: " + message.text());
            }
        });
        page.onDialog(dialog -> {
            dialogs.add(dialog);
            switch (dialog.type()) {
                case "confirm" -> dialog.accept();
                case "prompt" -> {
                    if (promptAnswers.isEmpty()) dialog.dismiss();
                    else dialog.accept(promptAnswers.remove(0));
                }
                default -> dialog.dismiss();
            }
        });
        page.navigate(baseUrl() + "/");
        assertThat(page).hasTitle("Drover");
        // The event stream is up, so what follows arrives live rather than by the poll.
        assertThat(page.locator("#live")).hasText("live");
    }

    private Locator row(String hostname) {
        return page.locator("#rows tr[data-hostname='" + hostname + "']");
    }

    private Locator deleteButton(String hostname) {
        return row(hostname).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete " + hostname));
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    private void register(String hostname, String ip, String networkInterface, String os) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("hostname", hostname);
        body.put("ip_address", ip);
        body.put("interface", networkInterface);
        if (os != null) body.put("os", os);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        Assertions.assertThat(response.statusCode()).as("register %s: %s", hostname, response.body()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
