package io.drover.e2e.vms;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.drover.e2e.HeadlessChromium;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;

/**
 * Debian's Chromium for a test that drives the console against a {@link Fleet}: pages signed in
 * through the form, each in its own context, and every error the pages log or throw kept for
 * {@link #assertNoProblems}.
 */
final class Browsers implements AutoCloseable {
    private final HeadlessChromium chromium = HeadlessChromium.launch();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final String baseUrl;

    Browsers(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A new browser context signed in as {@code username} at the console path ({@code /vms/ID}). */
    Page signedIn(String username, String password, String path) {
        Browser browser = chromium.browser();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setIgnoreHTTPSErrors(true));
        Page page = context.newPage();
        page.onPageError(error -> problems.add("uncaught: " + error));
        page.onConsoleMessage(m -> {
            // A refused request (the session check before signing in) is logged by the browser itself.
            if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) problems.add("console: " + m.text());
        });
        page.navigate(baseUrl + "/#" + path);
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page.locator("#signin")).isHidden();
        return page;
    }

    void assertNoProblems() {
        Assertions.assertThat(problems).as("errors in the pages").isEmpty();
    }

    @Override
    public void close() {
        chromium.close();
    }
}
