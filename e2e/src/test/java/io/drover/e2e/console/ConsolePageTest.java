package io.drover.e2e.console;

import io.drover.server.tls.TlsSettings;
import java.time.Instant;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.HeadlessChromium;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.identity.totp.Base32;
import io.drover.server.identity.totp.Totp;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in Debian's Chromium against a real in-process server: signing in through the
 * form (the first admin's password), the session cookie's flags, signing out, a viewer offered no
 * action, an operator offered (and using) delete and registration tokens in their project; then live updates without a reload, reported strings shown as text, delete with
 * confirmation, counts and the filter; adding machines to a project with a registration token
 * made and revoked in the page. All traffic stays on 127.0.0.1.
 */
@Timeout(120)
class ConsolePageTest {
    private static final String MARKUP_INTERFACE = "<img src=x onerror=alert(1)>";
    private static final String MARKUP_OS = "<b>bold</b>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = AdminLogin.loopbackHttps();

    private static HeadlessChromium chromium;
    private static Browser browser;

    @TempDir Path dataDir;

    private DroverServer server;
    private BrowserContext context;
    private Page page;
    private ScheduledExecutorService heartbeats;
    /** Script errors (uncaught, CSP refusals), failed heartbeats: each test ends with none. */
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Every browser dialog the page opened (alert, confirm), in order: the console opens none. */
    private final List<Dialog> dialogs = new CopyOnWriteArrayList<>();
    /** The text of every confirmation the console asked for (its own dialog), in order. */
    private final List<String> confirmations = new CopyOnWriteArrayList<>();
    /** The first admin's API token, for the test's own calls (made on first use). */
    private String adminToken;

    @BeforeAll
    static void launchBrowser() {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) chromium.close();
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
    void deleteAsksForConfirmationAndSendsTheSessionsCsrfToken() throws Exception {
        openConsole(LivenessPolicy.defaults());
        register("late-vm", "10.0.0.7", "eth0", null);
        register("other-vm", "10.0.0.9", "eth1", null);
        assertThat(row("late-vm")).isVisible();

        deleteButton("late-vm").click();
        confirmInPage("Delete");
        assertThat(row("late-vm")).hasCount(0);
        assertThat(page.locator("#notice")).hasText("Deleted late-vm.");
        Assertions.assertThat(getAsAdmin("/api/v1/machines/late-vm").statusCode()).isEqualTo(404);

        // After a reload the page asks the server for the session's CSRF token again.
        page.reload();
        assertThat(page.locator("#live")).hasText("live");
        assertThat(page.locator("#signin")).isHidden();
        deleteButton("other-vm").click();
        confirmInPage("Delete");
        assertThat(row("other-vm")).hasCount(0);
        Assertions.assertThat(getAsAdmin("/api/v1/machines/other-vm").statusCode()).isEqualTo(404);

        Assertions.assertThat(confirmations).hasSize(2);
        Assertions.assertThat(confirmations.get(0)).contains("late-vm");
        Assertions.assertThat(dialogs).as("no browser dialog: the console asks in its own").isEmpty();
    }

    @Test
    void aWrongPasswordShowsAnErrorAndSetsNoCookie() {
        openPage(LivenessPolicy.defaults());
        assertThat(page.locator("#signin")).isVisible();
        assertThat(page.locator("#app")).isHidden();
        assertThat(page.locator("#totp-row")).isHidden();

        signIn(AdminLogin.ADMIN, "not-the-password");

        assertThat(page.locator("#signin-error")).containsText("username or password is wrong");
        assertThat(page.locator("#signin")).isVisible();
        assertThat(page.locator("#app")).isHidden();
        assertThat(page.locator("#password")).hasValue("");
        Assertions.assertThat(context.cookies()).as("no session cookie for a failed sign-in").isEmpty();

        // The right password then gets in.
        signIn(AdminLogin.ADMIN, server.initialAdminPassword().orElseThrow());
        assertThat(page.locator("#live")).hasText("live");
        assertThat(page.locator("#signin-error")).isHidden();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
        openConsole(LivenessPolicy.defaults());
        assertThat(page.locator("#who-name")).hasText("admin");
        assertThat(page.locator("#who-role")).hasText("admin");

        Cookie cookie = sessionCookie();
        Assertions.assertThat(cookie.httpOnly).isTrue();
        Assertions.assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        Assertions.assertThat(cookie.path).isEqualTo("/");
        Assertions.assertThat((String) page.evaluate("() => document.cookie"))
                .as("the page's script cannot read the session").doesNotContain("drover_session").doesNotContain(cookie.value);
    }

    @Test
    void signingOutReturnsToTheFormAndTheOldCookieNoLongerWorks() throws Exception {
        openConsole(LivenessPolicy.defaults());
        register("late-vm", "10.0.0.7", "eth0", null);
        assertThat(row("late-vm")).isVisible();
        String oldCookie = "drover_session=" + sessionCookie().value;
        Assertions.assertThat(getWithCookie("/api/v1/machines", oldCookie).statusCode()).isEqualTo(200);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        assertThat(page.locator("#signin")).isVisible();
        assertThat(page.locator("#signin-info")).hasText("You are signed out.");
        assertThat(page.locator("#app")).isHidden();
        assertThat(page.locator("#who")).isHidden();
        Assertions.assertThat(page.locator("#rows tr").count()).as("nothing of the session stays on the page").isZero();
        Assertions.assertThat(getWithCookie("/api/v1/machines", oldCookie).statusCode()).isEqualTo(401);
        Assertions.assertThat(getWithCookie("/api/v1/auth/session", oldCookie).statusCode()).isEqualTo(401);
        // A reload stays at the form.
        page.reload();
        assertThat(page.locator("#signin")).isVisible();
        assertThat(page.locator("#app")).isHidden();
    }

    @Test
    void aSessionThatEndsMidUseReturnsToTheForm() throws Exception {
        openConsole(LivenessPolicy.defaults());
        register("late-vm", "10.0.0.7", "eth0", null);
        assertThat(row("late-vm")).isVisible();

        // The session ends on the server (as at an idle timeout): the next poll is refused.
        context.clearCookies();

        assertThat(page.locator("#signin")).isVisible();
        assertThat(page.locator("#signin-error")).hasText("Your session has ended; sign in again.");
        assertThat(page.locator("#app")).isHidden();
        signIn(AdminLogin.ADMIN, server.initialAdminPassword().orElseThrow());
        assertThat(row("late-vm")).isVisible();
    }

    @Test
    void aViewerSeesTheListButNoControlThatChangesAnything() throws Exception {
        openPage(LivenessPolicy.defaults());
        createUser("vera", "viewer-password-1", "viewer", null);
        register("late-vm", "10.0.0.7", "eth0", null);
        register("other-vm", "10.0.0.9", "eth1", null);
        // A live token in the viewer's project: there is something a Revoke button could be for.
        HttpResponse<String> made = postAsAdmin("/api/v1/projects/default/registration-tokens", "{\"name\":\"racks\"}");
        Assertions.assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        signIn("vera", "viewer-password-1");
        assertThat(page.locator("#live")).hasText("live");
        assertThat(page.locator("#who-role")).hasText("viewer");
        assertThat(row("late-vm")).isVisible();
        assertThat(row("other-vm").locator("td.project")).hasText("default");

        // Not there at all, rather than there and refused: no button in any row, no Actions column,
        // and of every button in the page only Sign out is shown.
        assertThat(page.locator("#rows button")).hasCount(0);
        assertThat(page.locator("#rows td.actions").first()).isHidden();
        assertThat(page.locator("#machines th").last()).isHidden();
        assertThat(page.locator("#add-machines")).isHidden();
        assertThat(page.locator("#enrol")).isHidden();
        assertThat(page.locator("#enrol-token-rows button")).hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON)).hasCount(1);
        assertThat(page.getByRole(AriaRole.BUTTON)).hasText("Sign out");
        // Still so after the next listings (live and polled) have been rendered.
        register("late-vm", "10.0.0.8", "eth0", null);
        assertThat(row("late-vm").locator("td.ip")).hasText("10.0.0.8");
        assertThat(page.locator("#rows button")).hasCount(0);
    }

    @Test
    void anOperatorGetsDeleteAndAddMachinesForTheirProjectAndTheyWork() throws Exception {
        openPage(LivenessPolicy.defaults());
        createProject("shop");
        createUser("olga", "operator-password-1", "operator", "shop");
        HttpResponse<String> made = postAsAdmin("/api/v1/projects/shop/registration-tokens", "{\"name\":\"racks\"}");
        Assertions.assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        Assertions.assertThat(heartbeat("rack-01", "10.1.0.1", JSON.readTree(made.body()).get("token").asText()).statusCode()).isEqualTo(200);
        register("default-vm", "10.0.0.7", "eth0", null);

        signIn("olga", "operator-password-1");
        assertThat(page.locator("#live")).hasText("live");
        assertThat(page.locator("#who-role")).hasText("operator");
        assertThat(row("rack-01").locator("td.project")).hasText("shop");
        assertThat(row("default-vm")).hasCount(0); // not in her project: not listed at all
        assertThat(page.locator("#machines th").last()).isAttached();
        assertThat(deleteButton("rack-01")).isVisible();

        deleteButton("rack-01").click();
        confirmInPage("Delete");
        assertThat(row("rack-01")).hasCount(0);
        assertThat(page.locator("#notice")).hasText("Deleted rack-01.");
        Assertions.assertThat(getAsAdmin("/api/v1/machines/rack-01").statusCode()).isEqualTo(404);

        // Add machines offers her project only, and making and revoking a token there work.
        page.locator("#add-machines").click();
        assertThat(page.locator("#enrol-project option")).hasCount(1);
        assertThat(page.locator("#enrol-project option")).hasText("shop");
        assertThat(page.locator("#enrol-tokens-title")).hasText("Live registration tokens of shop");
        page.locator("#enrol-name").fill("racks 5-8");
        makeInstallLine().click();
        assertThat(page.locator("#enrol-command")).hasValue(Pattern.compile("/install\\.sh\\?token=drt_"));
        assertThat(page.locator("#enrol-token-rows tr")).hasCount(2);
        page.locator("#enrol-token-rows").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke racks").setExact(true)).click();
        confirmInPage("Revoke");
        assertThat(page.locator("#notice")).hasText("Revoked the token \u201cracks\u201d of shop.");
        assertThat(page.locator("#enrol-token-rows tr")).hasCount(1);
        JsonNode listed = JSON.readTree(getAsAdmin("/api/v1/projects/shop/registration-tokens").body()).get("items");
        Assertions.assertThat(listed.findValuesAsText("name")).containsExactlyInAnyOrder("racks", "racks 5-8");
        for (JsonNode t : listed) {
            Assertions.assertThat(t.path("revoked_at").isNull() || t.path("revoked_at").isMissingNode())
                    .as("revoked: %s", t).isEqualTo(!t.path("name").asText().equals("racks"));
        }
    }

    @Test
    void aUserWithTwoFactorIsAskedForTheCodeAndSignsInWithIt() throws Exception {
        openPage(LivenessPolicy.defaults());
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/users"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"tina\",\"password\":\"two-factor-pass-1\",\"role\":\"viewer\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Assertions.assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // Enrolled over the API, as an authenticator app would be set up: enroll, then confirm with a code.
        String token = AdminLogin.token(baseUrl(), "tina", "two-factor-pass-1");
        HttpResponse<String> enrolled = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/totp/enroll"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        Assertions.assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        byte[] secret = Base32.decode(JSON.readTree(enrolled.body()).get("secret").asText());
        Totp totp = Totp.standard();
        long step = totp.stepAt(Instant.now());
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/totp/confirm"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + totp.code(secret, step) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Assertions.assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

        signIn("tina", "two-factor-pass-1");
        assertThat(page.locator("#totp-row")).isVisible();
        assertThat(page.locator("#signin-info")).isVisible();
        assertThat(page.locator("#signin")).isVisible();
        Assertions.assertThat(context.cookies()).noneMatch(c -> c.name.equals("drover_session"));

        // The step confirmed is used up; the next one (inside the accepted window) signs in.
        page.locator("#totp").fill(totp.code(secret, step + 1));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#who-name")).hasText("tina");
        assertThat(page.locator("#signin")).isHidden();
        Assertions.assertThat(sessionCookie().httpOnly).isTrue();
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

    @Test
    void anAdminMakesAnInstallLineInThePanelAndAMachineReportingWithItLandsInTheProject() throws Exception {
        openConsole(LivenessPolicy.defaults());
        createProject("shop");
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"), new BrowserContext.GrantPermissionsOptions().setOrigin(baseUrl()));
        openAddMachines("shop");

        // A name the server refuses shows its detail.
        page.locator("#enrol-name").fill("-racks");
        makeInstallLine().click();
        assertThat(page.locator("#enrol-error")).containsText("name must be 1-64 characters");
        page.locator("#enrol-name").fill("racks 1-4");
        makeInstallLine().click();

        Locator line = page.locator("#enrol-command");
        assertThat(line).hasValue(Pattern.compile("/install\\.sh\\?token=drt_"));
        assertThat(page.locator("#enrol-error")).isHidden();
        assertThat(page.locator("#enrol-once")).containsText("shown only now");
        Locator listed = page.locator("#enrol-token-rows tr");
        assertThat(listed).hasCount(1);
        assertThat(listed.locator("td.name")).hasText("racks 1-4");
        assertThat(listed.locator("td.by")).hasText("admin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy")).click();
        assertThat(page.locator("#enrol-copied")).hasText("Copied.");
        Assertions.assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(line.inputValue());

        Matcher token = Pattern.compile("token=(drt_[A-Za-z0-9_-]+)").matcher(line.inputValue());
        Assertions.assertThat(token.find()).as(line.inputValue()).isTrue();
        HttpResponse<String> beat = heartbeat("rack-01", "10.1.0.1", token.group(1));
        Assertions.assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);
        assertThat(row("rack-01").locator("td.project")).hasText("shop");

        // Closing the panel takes the line (it holds the token) off the page.
        page.locator("#enrol-close").click();
        assertThat(page.locator("#enrol")).isHidden();
        Assertions.assertThat(line.inputValue()).isEmpty();
    }

    @Test
    void revokingATokenInThePanelMakesItsHeartbeatsAnswer401() throws Exception {
        openConsole(LivenessPolicy.defaults());
        createProject("shop");
        HttpResponse<String> made = postAsAdmin("/api/v1/projects/shop/registration-tokens", "{\"name\":\"racks\"}");
        Assertions.assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String token = JSON.readTree(made.body()).get("token").asText();
        Assertions.assertThat(heartbeat("rack-01", "10.1.0.1", token).statusCode()).isEqualTo(200);
        openAddMachines("shop");

        page.locator("#enrol-token-rows").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke racks")).click();
        confirmInPage("Revoke");

        assertThat(page.locator("#notice")).hasText("Revoked the token \u201cracks\u201d of shop.");
        assertThat(page.locator("#enrol-token-rows tr")).hasCount(0);
        assertThat(page.locator("#enrol-tokens-empty")).hasText("shop has no live registration tokens.");
        Assertions.assertThat(confirmations).hasSize(1);
        Assertions.assertThat(confirmations.get(0)).contains("racks", "shop");
        Assertions.assertThat(dialogs).isEmpty();
        HttpResponse<String> refused = heartbeat("rack-01", "10.1.0.1", token);
        Assertions.assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
    }

    /** Opens the page as the first admin, signed in through the form. */
    private void openConsole(LivenessPolicy liveness) {
        openPage(liveness);
        assertThat(page.locator("#signin")).isVisible();
        signIn(AdminLogin.ADMIN, server.initialAdminPassword().orElseThrow());
        assertThat(page.locator("#signin")).isHidden();
        assertThat(page.locator("#app")).isVisible();
        // The event stream is up, so what follows arrives live rather than by the poll.
        assertThat(page.locator("#live")).hasText("live");
    }

    /** A fresh server and the page, not signed in. */
    private void openPage(LivenessPolicy liveness) {
        server = DroverServer.start(ServerConfig.defaults(dataDir).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)).withLiveness(liveness));
        // HTTPS with the self-signed certificate the server made for this run, as a user accepts it once.
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 640).setIgnoreHTTPSErrors(true));
        page = context.newPage();
        page.onPageError(error -> problems.add("uncaught: " + error));
        page.onConsoleMessage(message -> {
            // Refused requests (the session check before signing in, a wrong password) are logged by
            // the browser itself; they are expected, other errors are not.
            if ("error".equals(message.type()) && !message.text().startsWith("Failed to load resource")) {
                problems.add("console: " + message.text());
            }
        });
        page.onDialog(dialog -> {
            dialogs.add(dialog);
            if ("confirm".equals(dialog.type())) dialog.accept();
            else dialog.dismiss();
        });
        page.navigate(baseUrl() + "/#/machines");
        assertThat(page).hasTitle("Drover");
    }

    /** Answers the console's confirmation dialog with its action button, noting what it said. */
    private void confirmInPage(String action) {
        Locator dialog = page.locator("dialog#confirm-dialog[open]");
        assertThat(dialog).isVisible();
        confirmations.add(dialog.innerText());
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action).setExact(true)).click();
        assertThat(dialog).hasCount(0);
    }

    private void signIn(String username, String password) {
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    private Cookie sessionCookie() {
        return context.cookies().stream().filter(c -> c.name.equals("drover_session")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + context.cookies()));
    }

    private String adminToken() {
        if (adminToken == null) adminToken = AdminLogin.firstAdminToken(server.port(), server.initialAdminPassword());
        return adminToken;
    }

    private Locator row(String hostname) {
        return page.locator("#rows tr[data-hostname='" + hostname + "']");
    }

    /** Opens the Add machines panel and picks {@code project}, once the panel has listed the projects. */
    private void openAddMachines(String project) {
        page.locator("#add-machines").click();
        assertThat(page.locator("#enrol-project option[value='" + project + "']")).hasCount(1);
        page.locator("#enrol-project").selectOption(project);
        assertThat(page.locator("#enrol-tokens-title")).hasText("Live registration tokens of " + project);
    }

    private Locator makeInstallLine() {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make install line"));
    }

    /** A user made by the admin over the API; {@code project} null for the default project. */
    private void createUser(String username, String password, String role, String project) throws Exception {
        String projects = project == null ? "" : ",\"projects\":[\"" + project + "\"]";
        HttpResponse<String> created = postAsAdmin("/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"" + projects + "}");
        Assertions.assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private void createProject(String name) throws Exception {
        HttpResponse<String> created = postAsAdmin("/api/v1/projects", "{\"name\":\"" + name + "\"}");
        Assertions.assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private Locator deleteButton(String hostname) {
        return row(hostname).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete " + hostname));
    }

    private String baseUrl() {
        return "https://127.0.0.1:" + server.port(); // the console is served over HTTPS only
    }

    private void register(String hostname, String ip, String networkInterface, String os) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("hostname", hostname);
        body.put("ip_address", ip);
        body.put("interface", networkInterface);
        if (os != null) body.put("os", os);
        HttpResponse<String> response = sendHeartbeat(body, null);
        Assertions.assertThat(response.statusCode()).as("register %s: %s", hostname, response.body()).isEqualTo(200);
    }

    /** A heartbeat with a project's registration token, as the installed tracker sends it. */
    private HttpResponse<String> heartbeat(String hostname, String ip, String token) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("hostname", hostname);
        body.put("ip_address", ip);
        return sendHeartbeat(body, token);
    }

    private HttpResponse<String> sendHeartbeat(Map<String, String> body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAsAdmin(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getAsAdmin(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + adminToken())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getWithCookie(String path, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
