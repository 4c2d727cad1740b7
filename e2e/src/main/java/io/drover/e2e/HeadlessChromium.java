package io.drover.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium (/usr/bin/chromium) driven by Playwright, headless, never Playwright's own
 * browser download, and with the flags this machine needs: no background networking, no sandbox
 * (root). A non-persistent launch: Playwright gives the browser a fresh, empty profile.
 */
public record HeadlessChromium(Playwright playwright, Browser browser) implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    public static HeadlessChromium launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Debian's Chromium is not at " + CHROMIUM + " (apt-get install -y chromium)");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
        return new HeadlessChromium(playwright, browser);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
