package io.drover.e2e.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * axe-core (npm's, pinned and checksummed by the e2e build) run in the browser on every console
 * page, with data on it, in the light and the dark colour scheme: a serious or critical violation
 * fails the test. axe is evaluated by the test driver, which the page's CSP does not govern; the
 * page itself still runs only its own scripts.
 */
@Timeout(240)
class ConsoleAccessibilityTest {
    private static final List<String> PAGES = List.of("/dashboard", "/vms", "/vms/new", "/vms/web-1", "/hosts", "/images", "/networks",
            "/tasks", "/events", "/machines", "/projects", "/projects/default", "/users", "/audit", "/settings/ldap", "/account");

    @TempDir static Path dataDir;
    private static ConsoleServer console;
    private static String axe;
    private static String hostId;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = ConsoleAccessibilityTest.class.getResourceAsStream("/axe-core/package/axe.min.js")) {
            if (in == null) throw new IllegalStateException("axe.min.js is not on the test classpath (the e2e build unpacks it)");
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        console = ConsoleServer.start(dataDir);
        console.image("tiny", "default", 4096);
        console.vm("web-1", "default", "tiny");
        console.registerMachine("box-1", "10.0.0.1");
        hostId = console.joinHost("hv-1");
    }

    @AfterAll
    static void stop() {
        if (console != null) console.close();
    }

    @AfterEach
    void checkPage() {
        console.endTest();
    }

    @Test
    void theSignInPageHasNoSeriousViolations() {
        Page page = console.open("/dashboard");
        assertThat(page.locator("#signin")).isVisible();
        Assertions.assertThat(violations(page)).isEmpty();
    }

    @Test
    void everyPageHasNoSeriousViolationsInLightAndDark() {
        Page page = console.admin("/dashboard");
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(
                    scheme.equals("dark") ? com.microsoft.playwright.options.ColorScheme.DARK : com.microsoft.playwright.options.ColorScheme.LIGHT));
            List<String> pages = new ArrayList<>(PAGES);
            pages.add("/hosts/" + hostId);
            for (String path : pages) {
                page.evaluate("p => { location.hash = p; }", path);
                assertThat(page.locator("main h1")).isVisible();
                page.waitForTimeout(300); // the page's data arrives after its heading
                for (String v : violations(page)) found.add(scheme + " " + path + ": " + v);
                // Pictures of every page, for a person to look at (target/console-pages/).
                page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                        .setPath(Path.of("target", "console-pages", scheme + path.replace('/', '_') + ".png")));
            }
        }
        Assertions.assertThat(found).isEmpty();
    }

    /** axe's serious and critical violations on the page as it is, one line each. */
    private static List<String> violations(Page page) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe !== 'undefined'"))) page.evaluate(axe);
        String json = (String) page.evaluate("async () => { const r = await axe.run(document, { resultTypes: ['violations'] });"
                + " return JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))); }");
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode n : ConsoleServer.JSON.readTree(json)) out.add(n.asText());
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
