package io.drover.e2e.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.HeadlessChromium;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's one event stream outlives a server restart: while the server is down the header
 * says so, and once it is back (same port, same store, so the session is still good) the stream
 * opens again by itself and the page follows new events without a reload.
 */
@Timeout(120)
class ConsoleRestartTest {
    @TempDir Path dataDir;
    private DroverServer server;
    private HeadlessChromium chromium;
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @Test
    void theEventStreamComesBackAfterTheServerRestarts() throws Exception {
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        server = start(0);
        int port = server.port();
        String password = server.initialAdminPassword().orElseThrow();
        chromium = HeadlessChromium.launch();
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true));
        Page page = context.newPage();
        page.onPageError(e -> problems.add("uncaught: " + e));
        page.navigate("https://127.0.0.1:" + port + "/#/events");
        page.locator("#username").fill(AdminLogin.ADMIN);
        page.locator("#password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#live")).hasText("live");
        page.evaluate("() => { window.droverTestMarker = 'same page'; }");

        server.close();
        assertThat(page.locator("#live")).hasText("reconnecting\u2026");
        server = start(port);
        assertThat(page.locator("#live")).hasText("live");

        HttpResponse<String> beat = AdminLogin.loopbackHttps().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"after-restart\",\"ip_address\":\"10.0.0.9\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Assertions.assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);
        assertThat(page.locator("#events tbody tr").first()).containsText("after-restart");
        Assertions.assertThat(page.evaluate("() => window.droverTestMarker")).as("no reload").isEqualTo("same page");
        Assertions.assertThat(problems).isEmpty();
    }

    private DroverServer start(int port) {
        return DroverServer.start(ServerConfig.defaults(dataDir).withBind("127.0.0.1").withPort(port)
                .withTls(TlsSettings.defaults().withHttpPort(0)));
    }
}
