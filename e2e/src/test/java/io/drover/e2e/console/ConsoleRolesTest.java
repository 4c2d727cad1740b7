package io.drover.e2e.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each page as a viewer, an operator and an admin: the console shows only what the caller's
 * permissions (the session answer's) allow. Not a disabled button but none at all: a viewer gets
 * no create, power, upload or delete control; an operator no host, user, audit or LDAP
 * administration; an admin everything. A page the caller may not see is not reachable by its URL
 * either (the router sends them to the dashboard).
 */
@Timeout(180)
class ConsoleRolesTest {
    @TempDir static Path dataDir;
    private static ConsoleServer console;
    private static String vmId;

    @BeforeAll
    static void start() throws Exception {
        console = ConsoleServer.start(dataDir);
        console.user("vera", "viewer-password-1", "viewer", "default");
        console.user("olga", "operator-password-1", "operator", "default");
        console.image("tiny", "default", 4096);
        vmId = console.vm("web-1", "default", "tiny").get("vm").get("id").asText();
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
    void aViewerSeesEveryListButNoControlThatChangesAnything() {
        Page page = console.signedIn("vera", "viewer-password-1", "/dashboard");
        assertThat(page.locator("#dash-vms")).hasText("VMs (1)");
        assertThat(page.locator("#dash-hosts")).isVisible();
        assertNav(page, List.of("Dashboard", "VMs", "Hosts", "Images", "Networks", "Tasks", "Events", "Machines", "Projects"), List.of("Users", "Audit", "LDAP"));

        go(page, "/vms");
        assertThat(page.locator("#vms tbody tr")).hasCount(1);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create VM"))).hasCount(0);
        assertThat(page.locator("#vms input[type=checkbox]")).hasCount(0);
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Actions on the selected VMs"))).hasCount(0);

        go(page, "/vms/" + vmId);
        assertThat(page.locator("main h1")).hasText("web-1");
        assertThat(page.locator("#vm-status")).isVisible();
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Power actions"))).hasCount(0);
        assertThat(page.locator("#vm-resize")).hasCount(0);
        assertThat(page.locator("section#vm-consoles")).hasCount(1);

        go(page, "/networks");
        assertThat(page.locator("#networks")).isVisible();
        assertThat(page.locator("#network-form")).hasCount(0);

        go(page, "/images");
        assertThat(page.locator("#images tbody tr")).hasCount(1);
        assertThat(page.locator("#images td.inuse")).hasText("1"); // web-1
        assertThat(page.locator("#upload-form, #register-form")).hasCount(0);
        assertThat(page.locator("#images tbody button")).hasCount(0);

        go(page, "/hosts");
        assertThat(page.locator("#hosts")).isVisible();
        assertThat(page.locator("#join")).hasCount(0);

        go(page, "/projects");
        assertThat(page.locator("[data-project=default]")).isVisible();
        assertThat(page.locator("#project-form")).hasCount(0);

        go(page, "/tasks");
        assertThat(page.locator("#tasks tbody tr")).hasCount(1);
        go(page, "/machines");
        assertThat(page.locator("#add-machines")).isHidden();

        // Admin pages are not there by URL either: the router falls back to the dashboard.
        for (String admin : List.of("/users", "/audit", "/settings/ldap")) {
            go(page, admin);
            assertThat(page).hasURL(Pattern.compile("#/dashboard$"));
        }
        go(page, "/account");
        assertThat(page.locator("#password-form")).isVisible();
        assertThat(page.locator("#token-form")).isVisible();
    }

    @Test
    void anOperatorGetsVmAndImageActionsButNoAdministration() {
        Page page = console.signedIn("olga", "operator-password-1", "/vms");
        assertNav(page, List.of("Dashboard", "VMs", "Hosts", "Images", "Networks", "Tasks", "Events", "Machines", "Projects"), List.of("Users", "Audit", "LDAP"));
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create VM"))).isVisible();
        assertThat(page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select web-1"))).isVisible();
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Actions on the selected VMs"))).isVisible();

        go(page, "/vms/" + vmId);
        Locator power = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Power actions"));
        assertThat(power).isVisible();
        assertThat(power.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Force stop"))).isVisible();
        assertThat(power.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete"))).isVisible();

        go(page, "/images");
        assertThat(page.locator("#upload-form")).isVisible();
        assertThat(page.locator("#register-form")).hasCount(0); // by path: admins only
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete tiny"))).isVisible();

        go(page, "/hosts");
        assertThat(page.locator("#join")).hasCount(0);
        go(page, "/projects");
        assertThat(page.locator("#project-form")).hasCount(0);
        go(page, "/vms/new");
        assertThat(page.locator("#vm-create")).isVisible();
        for (String admin : List.of("/users", "/audit", "/settings/ldap")) {
            go(page, admin);
            assertThat(page).hasURL(Pattern.compile("#/dashboard$"));
        }
    }

    @Test
    void anAdminGetsEveryPageAndControl() {
        Page page = console.admin("/hosts");
        assertNav(page, List.of("Dashboard", "VMs", "Hosts", "Images", "Networks", "Tasks", "Events", "Machines", "Projects", "Users", "Audit", "LDAP"), List.of());
        assertThat(page.locator("#join-form")).isVisible();
        go(page, "/images");
        assertThat(page.locator("#upload-form")).isVisible();
        assertThat(page.locator("#register-form")).isAttached(); // in a closed panel until opened
        go(page, "/projects");
        assertThat(page.locator("#project-form")).isAttached();
        go(page, "/users");
        assertThat(page.locator("#users-table tr[data-key=olga]")).isVisible();
        go(page, "/audit");
        assertThat(page.locator("#audit tbody tr").first()).isVisible();
        go(page, "/settings/ldap");
        assertThat(page.locator("#ldap-form")).isVisible();
        assertThat(page.locator("#ldap-test")).isEnabled();
    }

    private static void go(Page page, String path) {
        page.evaluate("p => { location.hash = p; }", path);
        // (Playwright hands the pattern to the browser's RegExp: no Java-only quoting such as Pattern.quote there.)
        assertThat(page).hasURL(Pattern.compile("#(" + path.replaceAll("[^A-Za-z0-9/-]", ".") + "|/dashboard)$"));
    }

    private static void assertNav(Page page, List<String> shown, List<String> hidden) {
        Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Pages"));
        assertThat(nav.getByRole(AriaRole.LINK)).hasText(shown.toArray(String[]::new));
        for (String name : hidden) {
            assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true))).hasCount(0);
        }
    }
}
