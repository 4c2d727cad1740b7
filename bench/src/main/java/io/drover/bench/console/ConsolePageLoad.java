package io.drover.bench.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.drover.e2e.HeadlessChromium;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long the console takes to show the first page of VMs in Debian's Chromium, against a server
 * a fleet benchmark filled: a full page load each time (the console's modules, the session check,
 * the first page of the list), from the navigation until the first row is on the screen. Signs in
 * through the form once. Prints p50 and max of {@code --samples} loads (the first, with a cold
 * cache, apart) and the same for the dashboard.
 *
 * <pre>ConsolePageLoad --url https://127.0.0.1:8443 --password PASSWORD [--samples 10]</pre>
 */
public final class ConsolePageLoad {
    public static void main(String[] args) {
        String url = null, password = null;
        int samples = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--password" -> password = args[i + 1];
                case "--samples" -> samples = Math.max(1, Math.min(100, Integer.parseInt(args[i + 1])));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || password == null) throw new IllegalArgumentException("--url and --password are required");
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            Browser browser = chromium.browser();
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setIgnoreHTTPSErrors(true));
            Page page = context.newPage();
            page.navigate(url + "/#/vms");
            page.locator("#username").fill("admin");
            page.locator("#password").fill(password);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
            page.locator("#signin").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
            report("VM list, first page (#/vms)", loads(page, url + "/#/vms", "#vms tbody tr", samples));
            report("dashboard (#/dashboard)", loads(page, url + "/#/dashboard", "main .card", samples));
        }
    }

    /** Milliseconds of {@code samples + 1} full loads of {@code target} until {@code shown} is visible; the first is the cold one. */
    static List<Double> loads(Page page, String target, String shown, int samples) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i <= samples; i++) {
            page.navigate("about:blank");
            long start = System.nanoTime();
            page.navigate(target);
            page.locator(shown).first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(30_000));
            ms.add((System.nanoTime() - start) / 1e6);
        }
        return ms;
    }

    static void report(String what, List<Double> ms) {
        double cold = ms.get(0);
        double[] warm = ms.subList(1, ms.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  console in Chromium, %s: first load %.0f ms; then %d loads p50 %.0f ms, max %.0f ms -> %s%n",
                what, cold, warm.length, warm[warm.length / 2], warm[warm.length - 1], warm[warm.length - 1] < 1000 ? "under 1 s" : "OVER 1 s");
    }
}
