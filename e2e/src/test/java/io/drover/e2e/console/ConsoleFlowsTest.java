package io.drover.e2e.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.drover.server.identity.totp.Base32;
import io.drover.server.identity.totp.Totp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pages at work against a real server, as an admin: a host's join command, an image
 * uploaded with its progress, a project and a user made in forms, an API token made and revoked,
 * the VM list filtered by URL and by its controls with the back button, bulk actions behind one
 * confirmation, the create form's checks and the server's problems, deep links, keyboard
 * shortcuts, live updates, tasks, events, audit and LDAP settings. No host joins: VMs are stored
 * and their create task fails at placement, which is what the pages show.
 */
@Timeout(180)
class ConsoleFlowsTest {
    @TempDir static Path dataDir;
    @TempDir static Path files;
    private static ConsoleServer console;

    @BeforeAll
    static void start() throws Exception {
        console = ConsoleServer.start(dataDir);
        console.image("tiny", "default", 4096);
        for (String name : new String[] {"web-1", "web-2", "db-1"}) console.vm(name, "default", "tiny");
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
    void anAdminMakesAJoinTokenAndGetsTheAgentCommandLine() {
        Page page = console.admin("/hosts");
        page.locator("#join-form-ttl_seconds").fill("0");
        button(page, "Make join token").click();
        assertThat(page.locator("#join-form-ttl_seconds-error")).hasText("ttl_seconds must be from 1 to 604800");
        page.locator("#join-form-ttl_seconds").fill("600");
        button(page, "Make join token").click();

        Locator command = page.locator("#join-command");
        assertThat(command).hasValue(Pattern.compile("^drover-agent --server https://127\\.0\\.0\\.1:" + console.server.port()
                + " --server-fingerprint sha256:[0-9a-f]{64} --join-token djt_\\S+$"));
        String fingerprint = page.locator("#join-fingerprint").textContent();
        Assertions.assertThat(command.inputValue()).contains("--server-fingerprint " + fingerprint);
        assertThat(page.locator("#join-once")).containsText("shown only now");
    }

    @Test
    void anUploadShowsItsProgressAndTheImageIsListed() throws Exception {
        Path file = files.resolve("debian-tiny.img");
        Files.write(file, new byte[3 * 1024 * 1024]);
        Page page = console.admin("/images");
        page.locator("#upload-form-file").setInputFiles(file);
        assertThat(page.locator("#upload-form-name")).hasValue("debian-tiny"); // from the file's name
        page.locator("#upload-form-name").fill("uploaded-1");
        button(page, "Upload").click();

        assertThat(page.locator("#upload-progress-text")).hasText("Uploaded uploaded-1 (3.0 MiB).");
        Assertions.assertThat(page.locator("#upload-progress").evaluate("p => p.value")).isEqualTo(100);
        Locator row = page.locator("#images tbody tr").filter(new Locator.FilterOptions().setHasText("uploaded-1"));
        assertThat(row.locator("td.size")).hasText("3.0 MiB");
        assertThat(row.locator("td.format")).hasText("raw");
        JsonNode listed = console.get("/api/v1/images/uploaded-1");
        Assertions.assertThat(listed.get("size_bytes").asLong()).isEqualTo(3 * 1024 * 1024);

        // The same name again: the server's problem, in words.
        page.locator("#upload-form-file").setInputFiles(file);
        page.locator("#upload-form-name").fill("uploaded-1");
        button(page, "Upload").click();
        assertThat(page.locator("#upload-form .notice.error")).containsText("uploaded-1");
    }

    /** An upload cancelled half way (the browser's upload slowed to 1 MiB/s) leaves no image and no file. */
    @Test
    void aCancelledUploadStoresNothing() throws Exception {
        Path file = files.resolve("big.img");
        Files.write(file, new byte[16 * 1024 * 1024]);
        Page page = console.admin("/images");
        CDPSession devtools = page.context().newCDPSession(page);
        JsonObject slow = new JsonObject();
        slow.addProperty("offline", false);
        slow.addProperty("latency", 0);
        slow.addProperty("downloadThroughput", -1);
        slow.addProperty("uploadThroughput", 1024 * 1024);
        devtools.send("Network.emulateNetworkConditions", slow);
        page.locator("#upload-form-file").setInputFiles(file);
        page.locator("#upload-form-name").fill("cancelled-1");
        button(page, "Upload").click();
        page.waitForCondition(() -> ((Number) page.locator("#upload-progress").evaluate("p => p.value")).doubleValue() > 5);
        button(page, "Cancel upload").click();
        assertThat(page.locator("#upload-progress-text")).hasText("Upload cancelled: nothing was stored.");
        Assertions.assertThat(((Number) page.locator("#upload-progress").evaluate("p => p.value")).doubleValue()).isLessThan(100);

        Assertions.assertThat(console.status("/api/v1/images/cancelled-1")).isEqualTo(404);
        Path images = dataDir.resolve("images");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var left = Files.list(images)) {
                Assertions.assertThat(left.map(f -> f.getFileName().toString())).as("a partial upload left behind")
                        .noneMatch(n -> n.endsWith(".part"));
            }
        });
    }

    /** A network made in the form (the server's refusal shown at its field), a VM put on it, its address shown both sides. */
    @Test
    void aNetworkIsMadeInTheFormAndAVmGetsAnAddressFromIt() {
        Page page = console.admin("/networks");
        assertThat(page.locator("#networks")).containsText("No networks yet");
        page.locator("summary", new Page.LocatorOptions().setHasText("Create a network")).click();
        page.locator("#network-form-name").fill("office");
        page.locator("#network-form-kind").selectOption("nat");
        page.locator("#network-form-cidr").fill("10.60.0.0/24");
        page.locator("#network-form-gateway").fill("10.61.0.1");
        button(page, "Create network").click();
        assertThat(page.locator("#network-form-gateway-error")).containsText("is outside the subnet 10.60.0.0/24");
        page.locator("#network-form-gateway").fill("10.60.0.1");
        page.locator("#network-form-first").fill("10.60.0.100");
        page.locator("#network-form-last").fill("10.60.0.109");
        button(page, "Create network").click();
        Locator card = page.locator("section.card[data-network=office]");
        assertThat(card).containsText("10.60.0.0/24");
        assertThat(card).containsText("10.60.0.100\u201310.60.0.109");

        page.navigate(console.baseUrl() + "/#/vms/new");
        page.locator("#vm-create-name").fill("net-1");
        page.locator("#vm-create-memory_mib").fill("256");
        page.locator("#vm-create-disk_gib").fill("1");
        page.locator("#vm-create-network").selectOption("office");
        button(page, "Create VM").click();
        assertThat(page.locator("#vm-nics")).containsText("office (nat)");
        assertThat(page.locator("#vm-nics")).containsText("10.60.0.100");

        page.navigate(console.baseUrl() + "/#/networks");
        assertThat(card.locator(".held")).containsText("10.60.0.100 net-1");
        button(page, "Delete").click();
        confirm(page, "Delete office", "office");
        assertThat(page.locator(".toast").last()).containsText("has 1 NICs on it");
    }

    @Test
    void aProjectAndAUserAreMadeInFormsAndTheUserSignsIn() {
        Page page = console.admin("/projects");
        page.locator("summary", new Page.LocatorOptions().setHasText("Create a project")).click();
        page.locator("#project-form-name").fill("Shop!");
        button(page, "Create project").click();
        assertThat(page.locator("#project-form-name-error")).containsText("name must be 1-63 of a-z");
        page.locator("#project-form-name").fill("shop");
        page.locator("#project-form-vcpus").fill("8");
        button(page, "Create project").click();
        assertThat(page.locator("[data-project=shop]")).containsText("0 of 8 (0%)");

        page.evaluate("() => { location.hash = '/users'; }");
        page.locator("summary", new Page.LocatorOptions().setHasText("Create a user")).click();
        page.locator("#user-form-username").fill("sam");
        page.locator("#user-form-role").selectOption("operator");
        page.locator("#user-form-projects").fill("shop");
        button(page, "Create user").click();
        Locator secret = page.locator("#secret-dialog #once-secret");
        assertThat(secret).isVisible();
        String password = secret.inputValue();
        Assertions.assertThat(password).hasSizeGreaterThanOrEqualTo(12);
        page.locator("#secret-dialog").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
        assertThat(page.locator("#users-table tr[data-key=sam] td.projects")).hasText("shop");

        // A name that is taken: the server's words at the top of the form.
        page.locator("#user-form-username").fill("sam");
        button(page, "Create user").click();
        assertThat(page.locator("#user-form .notice.error")).hasText("a user named sam already exists");

        Page sam = console.signedIn("sam", password, "/projects");
        assertThat(sam.locator("#who-role")).hasText("operator");
        assertThat(sam.locator("[data-project=shop]")).isVisible();
        assertThat(sam.locator("[data-project=default]")).hasCount(0);
    }

    @Test
    void anApiTokenIsShownOnceWorksAndIsRevoked() throws Exception {
        Page page = console.admin("/account");
        page.locator("#token-form-name").fill("ci");
        button(page, "Make token").click();
        Locator secret = page.locator("#token-secret");
        assertThat(secret).hasValue(Pattern.compile("^dat_"));
        String token = secret.inputValue();
        Assertions.assertThat(console.send("GET", "/api/v1/auth/session", null, HttpRequest.BodyPublishers.noBody(), token).statusCode()).isEqualTo(200);
        assertThat(page.locator("#tokens-table td.name", new Page.LocatorOptions().setHasText("ci"))).hasCount(1);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke ci")).click();
        confirm(page, "Revoke", "ci");
        assertThat(page.locator("#tokens-table td.name", new Page.LocatorOptions().setHasText("ci"))).hasCount(0);
        assertThat(secret).hasCount(0); // the secret is off the page
        Assertions.assertThat(console.send("GET", "/api/v1/auth/session", null, HttpRequest.BodyPublishers.noBody(), token).statusCode()).isEqualTo(401);
    }

    @Test
    void theVmListFiltersByTheUrlAndByItsControlsAndBackReturns() {
        Page page = console.admin("/vms?q=web");
        assertThat(page.locator("#filter-q")).hasValue("web");
        assertThat(names(page)).hasText(new String[] {"web-1", "web-2"});

        page.locator("#filter-q").fill("db");
        assertThat(page).hasURL(Pattern.compile("#/vms\\?q=db$"));
        assertThat(names(page)).hasText(new String[] {"db-1"});
        page.locator("#filter-status").selectOption("running");
        assertThat(page).hasURL(Pattern.compile("#/vms\\?q=db&status=running$"));
        assertThat(page.locator("#vms tbody tr")).hasCount(0);
        assertThat(page.locator(".table-block .empty")).hasText("No VM matches.");

        page.goBack();
        assertThat(page).hasURL(Pattern.compile("#/vms\\?q=db$"));
        assertThat(page.locator("#filter-status")).hasValue("");
        assertThat(names(page)).hasText(new String[] {"db-1"});

        // A shared link opens the same view.
        Page shared = console.admin("/vms?status=error&q=web-2");
        assertThat(shared.locator("#filter-status")).hasValue("error");
        assertThat(names(shared)).hasText(new String[] {"web-2"});
        // The image and address filters are the server's too.
        shared.evaluate("() => { location.hash = '/vms?image=tiny&q=web'; }");
        assertThat(names(shared)).hasText(new String[] {"web-1", "web-2"});
        shared.evaluate("() => { location.hash = '/vms?ip=10.99.'; }");
        assertThat(shared.locator(".table-block .empty")).isVisible();
        // Sorting is in the URL too, and the server's (by name or creation, across pages).
        shared.evaluate("() => { location.hash = '/vms?q=web&sort=-created'; }");
        assertThat(names(shared)).hasText(new String[] {"web-2", "web-1"});
        shared.locator("#vms th button.sort", new Page.LocatorOptions().setHasText("Name")).click();
        assertThat(shared).hasURL(Pattern.compile("#/vms\\?q=web&sort=name$"));
        assertThat(names(shared)).hasText(new String[] {"web-1", "web-2"});
        shared.locator("#vms th button.sort", new Page.LocatorOptions().setHasText("Name")).click();
        assertThat(shared).hasURL(Pattern.compile("sort=-name$"));
        assertThat(names(shared)).hasText(new String[] {"web-2", "web-1"});
    }

    @Test
    void bulkActionsAskOnceNamingTheVmsAndTheAction() throws Exception {
        console.vm("bulk-1", "default", "tiny");
        console.vm("bulk-2", "default", "tiny");
        Page page = console.admin("/vms?q=bulk");
        assertThat(names(page)).hasText(new String[] {"bulk-1", "bulk-2"});
        Locator actions = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Actions on the selected VMs"));
        assertThat(actions.locator("button[data-action=delete]")).isDisabled();
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select all rows on this page")).check();
        assertThat(page.locator("#vms-selected")).hasText("2 selected");

        // Start: refused by the server for both (no host): the problem is shown for each.
        actions.locator("button[data-action=start]").click();
        confirm(page, "Start 2 VMs", "bulk-1", "bulk-2");
        assertThat(page.locator(".toast.error").first()).containsText("has no host");

        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select bulk-1")).check();
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select bulk-2")).check();
        actions.locator("button[data-action=delete]").click();
        confirm(page, "Delete 2 VMs", "bulk-1", "bulk-2");
        assertThat(page.locator("#vms tbody tr")).hasCount(0);
        Assertions.assertThat(console.get("/api/v1/vms?q=bulk").get("items")).isEmpty();
    }

    @Test
    void theCreateFormChecksFirstShowsTheServersProblemThenOpensTheVm() {
        Page page = console.admin("/vms");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create VM")).click();
        assertThat(page).hasURL(Pattern.compile("#/vms/new$"));
        assertThat(page.locator("#vm-create-image option").first()).hasText("tiny (raw)");
        assertThat(page.locator("#quota")).containsText("Quota left in default");

        page.locator("#vm-create-name").fill("-bad");
        page.locator("#vm-create-memory_mib").fill("32");
        button(page, "Create VM").click();
        assertThat(page.locator("#vm-create-name-error")).containsText("may only contain letters, digits");
        assertThat(page.locator("#vm-create-memory_mib-error")).hasText("memory_mib must be a whole number from 64 to 16777216");
        assertThat(page.locator("#vm-create-name")).hasAttribute("aria-invalid", "true");

        page.locator("#vm-create-name").fill("web-1");
        page.locator("#vm-create-memory_mib").fill("256");
        page.locator("#vm-create-disk_gib").fill("1");
        button(page, "Create VM").click();
        assertThat(page.locator("#vm-create .notice.error")).hasText("a VM named web-1 exists");

        page.locator("#vm-create-name").fill("made-1");
        page.locator("#vm-create-template").selectOption("packages");
        assertThat(page.locator("#vm-create-user_data")).hasValue(Pattern.compile("^#cloud-config"));
        page.locator("#vm-create-ssh_keys").fill("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE me@laptop");
        button(page, "Create VM").click();

        assertThat(page).hasURL(Pattern.compile("#/vms/[0-9a-f-]{36}$"));
        assertThat(page.locator("main h1")).hasText("made-1");
        // No host has joined: the create task fails at placement, live on the page, with the reason.
        Locator task = page.locator("#vm-create-task ~ .task-progress");
        assertThat(task.locator("p .badge").first()).hasText("failed");
        assertThat(task.locator("li[data-step=place]")).isVisible();
        assertThat(task.locator(".notice.error")).isVisible();
        assertThat(page.locator("#vm-error")).isVisible();
        assertThat(page.locator("#vm-status ~ .facts")).containsText("error");
    }

    @Test
    void deepLinksOpenTheirPageAndTheBackButtonReturns() {
        Page page = console.admin("/vms/web-1");
        assertThat(page.locator("main h1")).hasText("web-1");
        assertThat(page).hasTitle("web-1 \u00b7 Drover");
        page.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Hosts")).click();
        assertThat(page.locator("main h1")).hasText("Hosts");
        page.goBack();
        assertThat(page.locator("main h1")).hasText("web-1");
        page.goForward();
        assertThat(page.locator("main h1")).hasText("Hosts");

        // The task of a VM, from the VM's page.
        page.goBack();
        page.locator("#vm-tasks a").first().click();
        assertThat(page).hasURL(Pattern.compile("#/tasks/[0-9a-f-]{36}$"));
        assertThat(page.locator(".task-progress p .badge").first()).hasText("failed");
        assertThat(page.locator(".steps li[data-step=place]")).isVisible();
        assertThat(page.locator(".task-progress .notice.error")).isVisible();
    }

    @Test
    void keyboardShortcutsMoveBetweenPagesAndFocusTheSearch() {
        Page page = console.admin("/dashboard");
        assertThat(page.locator("main h1")).hasText("Dashboard");
        page.keyboard().press("g");
        page.keyboard().press("v");
        assertThat(page).hasURL(Pattern.compile("#/vms$"));
        assertThat(page.locator("#filter-q")).isVisible(); // the page's module has loaded
        page.keyboard().press("/");
        assertThat(page.locator("#filter-q")).isFocused();
        page.keyboard().type("gh"); // typed into the search, not a shortcut
        assertThat(page).hasURL(Pattern.compile("#/vms\\?q=gh$"));
        page.locator("main h1").click();
        page.keyboard().press("Shift+?");
        Locator help = page.locator("dialog#shortcuts");
        assertThat(help).isVisible();
        assertThat(help).containsText("Go to the hosts");
        page.keyboard().press("Escape");
        assertThat(help).hasCount(0);
        page.keyboard().press("g");
        page.keyboard().press("h");
        assertThat(page).hasURL(Pattern.compile("#/hosts$"));
        page.keyboard().press("g");
        page.keyboard().press("d");
        assertThat(page).hasURL(Pattern.compile("#/dashboard$"));
    }

    @Test
    void pagesFollowTheEventStream() throws Exception {
        Page page = console.admin("/dashboard");
        assertThat(page.locator("#dash-machines")).isVisible();
        page.evaluate("() => { window.droverTestMarker = 'same page'; }");
        console.registerMachine("live-box", "10.9.0.1");
        assertThat(page.locator("section[aria-labelledby=dash-machines] .figures li").first()).hasText("1online");
        assertThat(page.locator("table.events")).containsText("live-box");

        page.evaluate("() => { location.hash = '/vms?q=live'; }");
        assertThat(page.locator(".table-block .empty")).isVisible();
        console.vm("live-1", "default", "tiny");
        assertThat(names(page)).hasText(new String[] {"live-1"});

        page.evaluate("() => { location.hash = '/events'; }");
        assertThat(page.locator("#events tbody tr").first()).isVisible();
        console.registerMachine("late-box", "10.9.0.2");
        assertThat(page.locator("#events tbody tr").first()).containsText("late-box");
        Assertions.assertThat(page.evaluate("() => window.droverTestMarker")).as("no reload").isEqualTo("same page");
    }

    @Test
    void theAuditLogFiltersByTheUrl() {
        Page page = console.admin("/audit?method=POST&actor=admin");
        assertThat(page.locator("#filter-method")).hasValue("POST");
        assertThat(page.locator("#audit tbody tr").first()).isVisible();
        for (String method : page.locator("#audit td.method").allTextContents()) Assertions.assertThat(method).isEqualTo("POST");
        page.locator("#filter-outcome").selectOption("denied");
        assertThat(page).hasURL(Pattern.compile("outcome=denied"));
    }

    @Test
    void ldapSettingsShowTheServersProblemsAtTheirFieldsAndTestTheConnection() throws Exception {
        Page page = console.admin("/settings/ldap");
        assertThat(page.locator("#ldap")).containsText("LDAP login is off");
        page.locator("#ldap-form-url").fill("ldap://127.0.0.1:9");
        page.locator("#ldap-form-bind_dn").fill("cn=svc,dc=example,dc=org");
        page.locator("#ldap-form-user_base").fill("ou=people,dc=example,dc=org");
        page.locator("#ldap-form-group_base").fill("ou=groups,dc=example,dc=org");
        page.locator("#ldap-form-group_roles").fill("ops=boss");
        button(page, "Save").click();
        assertThat(page.locator("#ldap-form-bind_password-error")).hasText("bind_password is required");
        page.locator("#ldap-form-bind_password").fill("service-secret");
        button(page, "Save").click();
        assertThat(page.locator("#ldap-form-group_roles-error")).containsText("must be admin, operator or viewer");
        page.locator("#ldap-form-group_roles").fill("ops=admin");
        button(page, "Save and test connection").click();
        assertThat(page.locator("#ldap-form .notice.error")).isVisible(); // nothing listens on port 9
        Assertions.assertThat(console.status("/api/v1/settings/ldap")).as("not saved when the test failed").isEqualTo(404);
        button(page, "Save").click();
        assertThat(page.locator("#ldap")).containsText("LDAP login is on");
        assertThat(page.locator("#ldap-form-bind_password")).hasValue(""); // never shown

        button(page, "Turn LDAP login off").click();
        confirm(page, "Turn off", "directory");
        assertThat(page.locator("#ldap")).containsText("LDAP login is off");
    }

    @Test
    void aJoinedHostIsDisabledEnabledAndDeletedFromItsPage() throws Exception {
        String id = console.joinHost("hv-1");
        Page page = console.admin("/hosts?q=hv");
        page.locator("#hosts td.name a").click();
        assertThat(page).hasURL(Pattern.compile("#/hosts/" + id + "$"));
        assertThat(page.locator("main h1")).hasText("hv-1");
        assertThat(page.locator("#host-status ~ .facts")).containsText("offline");
        assertThat(page.locator("#host-vms ~ p, main p.muted").first()).isVisible();

        button(page, "Disable").click();
        assertThat(page.locator("#host-status ~ .facts .badge.disabled")).isVisible();
        Assertions.assertThat(console.get("/api/v1/hosts/" + id).get("enabled").asBoolean()).isFalse();
        button(page, "Enable").click();
        assertThat(page.locator("#host-status ~ .facts .badge.disabled")).hasCount(0);
        page.locator("#host-accel").selectOption("tcg");
        assertThat(page.locator(".toast").last()).containsText("set to tcg");
        Assertions.assertThat(console.get("/api/v1/hosts/" + id).get("accel").asText()).isEqualTo("tcg");

        button(page, "Delete").click();
        confirm(page, "Delete hv-1", "hv-1", "certificates are revoked");
        assertThat(page).hasURL(Pattern.compile("#/hosts$"));
        Assertions.assertThat(console.status("/api/v1/hosts/" + id)).isEqualTo(404);
    }

    @Test
    void twoFactorIsEnrolledWithTheQrCodeAndTheRecoveryCodesShowOnce() throws Exception {
        console.user("tom", "two-factor-pass-1", "viewer", "default");
        Page page = console.signedIn("tom", "two-factor-pass-1", "/account");
        assertThat(page.locator("#two-factor")).containsText("Two-factor is off.");
        button(page, "Set up two-factor").click();
        Locator qr = page.locator("#totp-qr");
        assertThat(qr).isVisible();
        page.waitForFunction("() => document.getElementById('totp-qr').complete && document.getElementById('totp-qr').naturalWidth > 0");
        byte[] secret = Base32.decode(page.locator("#totp-secret").textContent());
        page.locator("#totp-confirm-code").fill("12345");
        button(page, "Turn two-factor on").click();
        assertThat(page.locator("#totp-confirm-code-error")).hasText("code is the 6 digits the app shows");
        Totp totp = Totp.standard();
        page.locator("#totp-confirm-code").fill(totp.code(secret, totp.stepAt(Instant.now())));
        button(page, "Turn two-factor on").click();
        assertThat(page.locator("#recovery-codes li")).hasCount(10);
        Assertions.assertThat(console.get("/api/v1/users/tom").get("totp_enabled").asBoolean()).isTrue();
    }

    @Test
    void anAdminChangesAUsersRoleDisablesThemAndResetsTheirPassword() throws Exception {
        console.user("ulla", "ulla-password-1", "viewer", "default");
        Page page = console.admin("/users");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit ulla")).click();
        page.locator("#user-edit-role").selectOption("operator");
        page.locator("#user-edit-disabled").check();
        button(page, "Save").click();
        assertThat(page.locator("#users-table tr[data-key=ulla] td.role")).hasText("operator");
        assertThat(page.locator("#users-table tr[data-key=ulla] .badge.disabled")).isVisible();
        JsonNode ulla = console.get("/api/v1/users/ulla");
        Assertions.assertThat(ulla.get("role").asText()).isEqualTo("operator");
        Assertions.assertThat(ulla.get("disabled").asBoolean()).isTrue();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit ulla")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset the password of ulla")).click();
        confirm(page, "Reset password", "ulla");
        assertThat(page.locator("#secret-dialog #once-secret")).hasValue(Pattern.compile(".{12,}"));
    }

    private static Locator names(Page page) {
        return page.locator("#vms tbody td.name");
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Confirms the console's dialog with its action button, after checking it names what it acts on. */
    private static void confirm(Page page, String action, String... named) {
        Locator dialog = page.locator("dialog#confirm-dialog[open]");
        assertThat(dialog).isVisible();
        for (String text : named) assertThat(dialog).containsText(text);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action).setExact(true)).click();
        assertThat(dialog).hasCount(0);
    }
}
