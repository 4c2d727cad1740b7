package io.drover.e2e.vms;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.drover.e2e.AdminLogin;
import io.drover.server.DroverServer;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM page's consoles in Debian's Chromium against a real server, agent and TCG guest: the
 * serial console (xterm.js) takes a command typed on the keyboard and shows the guest shell's
 * answer; the screen (noVNC) draws the guest's text-mode display on its canvas; the serial log
 * shows the boot; a VM destroyed behind Drover's back turns stopped on the open page; a viewer
 * sees no console at all.
 */
class VmConsolePageTest {
    @TempDir
    Path tmp;
    DroverServer server;
    Fleet fleet;
    Browsers browsers;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(tmp);
        server = fleet.startServer(c -> c);
        fleet.registerCloudImage();
        browsers = new Browsers(fleet.baseUrl);
    }

    @AfterEach
    void stop() throws Exception {
        browsers.close();
        fleet.close();
    }

    @Test
    void serialScreenAndLogOfARunningGuestInTheBrowser() throws Exception {
        Path agentData = tmp.resolve("agent");
        fleet.startAgent("host-p", agentData, tmp.resolve("agent.log"));
        String id = fleet.bootVm("page-1", agentData);
        fleet.post("/api/v1/users", "{\"username\":\"vera\",\"password\":\"viewer-password-1\",\"role\":\"viewer\"}", 201);

        Page page = browsers.signedIn(AdminLogin.ADMIN, server.initialAdminPassword().orElseThrow(), "/vms/" + id);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("page-1").setExact(true))).isVisible();

        // Serial: typed on the keyboard into xterm.js, answered by the guest's shell.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Serial console")).click();
        assertThat(page.locator("#console-status")).containsText("Serial console connected", wait(20));
        page.locator("#console-serial .xterm-helper-textarea").focus();
        page.keyboard().type("echo drover-$((6*7))");
        page.keyboard().press("Enter");
        assertThat(page.locator("#console-serial .xterm-rows")).containsText("drover-42", wait(20));

        // Screen: noVNC draws the guest's text console; the canvas is not one colour.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Screen")).click();
        assertThat(page.locator("#console-status")).hasText("Screen connected.", exactly(20));
        Locator canvas = page.locator("#console-screen canvas");
        assertThat(canvas).isVisible();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> litPixels(page) > 200);

        // The serial log, read from the host.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Serial log")).click();
        assertThat(page.locator("#console-log")).containsText("DROVER-GUEST: boot finished", wait(20));

        // Live: destroyed behind Drover's back, the open page shows it stopped within 2 s.
        Assertions.assertThat(Fleet.virsh("destroy", id)).doesNotStartWith("ERROR");
        assertThat(page.locator("#vm .badge").first()).hasText("stopped", exactly(2));
        // A stopped VM's console is refused in words.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Serial console")).click();
        assertThat(page.locator("#console-status")).containsText("is stopped", wait(10));

        // A viewer sees the VM but no console.
        Page viewer = browsers.signedIn("vera", "viewer-password-1", "/vms/" + id);
        assertThat(viewer.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("page-1").setExact(true))).isVisible();
        assertThat(viewer.locator("#open-screen")).hasCount(0);
        assertThat(viewer.locator("#vm-consoles")).isHidden();
        browsers.assertNoProblems();
    }

    static LocatorAssertions.HasTextOptions exactly(int seconds) {
        return new LocatorAssertions.HasTextOptions().setTimeout(seconds * 1000.0);
    }

    static LocatorAssertions.ContainsTextOptions wait(int seconds) {
        return new LocatorAssertions.ContainsTextOptions().setTimeout(seconds * 1000.0);
    }

    /** Pixels of the noVNC canvas that are not its most common colour (the text on the guest's screen). */
    static int litPixels(Page page) {
        Object n = page.evaluate("""
                () => {
                  const c = document.querySelector('#console-screen canvas');
                  if (!c || !c.width || !c.height) return 0;
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  const counts = new Map();
                  for (let i = 0; i < d.length; i += 4) {
                    const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
                    counts.set(k, (counts.get(k) || 0) + 1);
                  }
                  let most = 0;
                  for (const v of counts.values()) most = Math.max(most, v);
                  return d.length / 4 - most;
                }""");
        return ((Number) n).intValue();
    }
}
