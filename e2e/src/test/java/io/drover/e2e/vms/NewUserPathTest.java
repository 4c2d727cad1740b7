package io.drover.e2e.vms;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.drover.e2e.AdminLogin;
import io.drover.e2e.guest.CloudImage;
import io.drover.server.DroverServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first hour, in Chromium, against a real server, a real agent and real TCG guests:
 * sign in, make a join token and start the agent with the command the page shows, see the host come
 * online, upload an image with the progress bar, create a VM from the form and watch its task steps
 * complete and its status become running, stop it, resize it, start it, bulk-stop it with two more,
 * delete it. (The VM's screen and serial console in the browser: {@link VmConsolePageTest}.)
 */
class NewUserPathTest {
    @TempDir
    Path tmp;
    DroverServer server;
    Fleet fleet;
    Browsers browsers;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(tmp);
        server = fleet.startServer(c -> c);
        browsers = new Browsers(fleet.baseUrl);
    }

    @AfterEach
    void stop() throws Exception {
        browsers.close();
        fleet.close();
    }

    @Test
    void joinUploadCreateWatchStopResizeStartBulkStopDelete() throws Exception {
        Page page = browsers.signedIn(AdminLogin.ADMIN, server.initialAdminPassword().orElseThrow(), "/hosts");

        // A join token, and the agent started with exactly the arguments the page shows.
        button(page, "Make join token").click();
        Locator command = page.locator("#join-command");
        assertThat(command).hasValue(Pattern.compile("^drover-agent .*--join-token djt_\\S+$"));
        List<String> shown = Arrays.asList(command.inputValue().trim().split("\\s+"));
        Assertions.assertThat(shown.get(0)).isEqualTo("drover-agent");
        List<String> args = new ArrayList<>(shown.subList(1, shown.size()));
        args.addAll(List.of("--name", "first-host"));
        fleet.agentProcess(args, tmp.resolve("agent"), tmp.resolve("agent.log"));
        page.navigate(fleet.baseUrl + "/#/hosts");
        Locator hostRow = page.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("first-host"));
        assertThat(hostRow.locator(".badge").first()).hasText("online", exactly(60));
        hostRow.locator("td.name a").click();
        assertThat(page.locator("#host-history + ol")).containsText("joined -> online"); // its status history

        // The image, uploaded with the progress bar.
        page.navigate(fleet.baseUrl + "/#/images");
        page.locator("#upload-form-file").setInputFiles(CloudImage.forHost().build());
        page.locator("#upload-form-name").fill("cloud");
        button(page, "Upload").click();
        assertThat(page.locator("#upload-progress-text")).containsText("Uploaded cloud", within(60));
        Assertions.assertThat(page.locator("#upload-progress").evaluate("p => p.value")).isEqualTo(100);

        // A VM from the form; its create task's steps complete live and it runs.
        page.navigate(fleet.baseUrl + "/#/vms/new");
        page.locator("#vm-create-name").fill("first-vm");
        page.locator("#vm-create-image").selectOption(new SelectOption().setLabel("cloud (qcow2)"));
        page.locator("#vm-create-cpus").fill("1");
        page.locator("#vm-create-memory_mib").fill("192");
        page.locator("#vm-create-disk_gib").fill("1");
        button(page, "Create VM").click();
        assertThat(page).hasURL(Pattern.compile("#/vms/[0-9a-f-]{36}$"));
        String id = page.url().replaceFirst(".*#/vms/", "");
        Locator task = page.locator("#vm-create-task ~ .task-progress");
        assertThat(task.locator("li[data-step=start]")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(task.locator("p .badge").first()).hasText("succeeded", exactly(120));
        Assertions.assertThat(task.locator("li[data-step]").allTextContents()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(status(page)).hasText("running", exactly(30));

        // Stop (confirmed), resize while stopped, start.
        button(page, "Stop").click();
        confirm(page, "Stop first-vm");
        assertThat(status(page)).hasText("stopped", exactly(90));
        page.locator("#vm-resize-cpus").fill("2");
        page.locator("#vm-resize-memory_mib").fill("256");
        button(page, "Resize").click();
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.get("/api/v1/vms/" + id).get("cpus").asInt() == 2);
        assertThat(page.locator("#vm-spec ~ .facts")).containsText("256 MiB", within(10));
        button(page, "Start").click();
        assertThat(status(page)).hasText("running", exactly(90));

        // Two more VMs, then all three stopped at once from the list, with one confirmation naming them.
        for (String name : List.of("second-vm", "third-vm")) {
            fleet.awaitSucceeded(fleet.createVm("{\"name\":\"" + name + "\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud\"}"),
                    Duration.ofSeconds(120));
        }
        page.navigate(fleet.baseUrl + "/#/vms?q=-vm");
        assertThat(page.locator("#vms tbody tr")).hasCount(3);
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select all rows on this page")).check();
        page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Actions on the selected VMs"))
                .locator("button[data-action=stop]").click();
        confirm(page, "Stop 3 VMs", "first-vm", "second-vm", "third-vm");
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            for (JsonNode vm : fleet.get("/api/v1/vms?q=-vm").get("items")) if (!vm.get("status").asText().equals("stopped")) return false;
            return true;
        });
        assertThat(page.locator("#vms tbody tr .badge.stopped")).hasCount(3, new LocatorAssertions.HasCountOptions().setTimeout(10_000));

        // Delete from the VM's page: gone from the host and from the server.
        page.navigate(fleet.baseUrl + "/#/vms/" + id);
        button(page, "Delete").click();
        confirm(page, "Delete first-vm");
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.send("GET", "/api/v1/vms/" + id, null, true).statusCode() == 404);
        Assertions.assertThat(Fleet.virsh("dominfo", id)).startsWith("ERROR");
        browsers.assertNoProblems();
    }

    static Locator status(Page page) {
        return page.locator("#vm .badge").first();
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static void confirm(Page page, String action, String... named) {
        Locator dialog = page.locator("dialog#confirm-dialog[open]");
        assertThat(dialog).isVisible();
        for (String text : named) assertThat(dialog).containsText(text);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action).setExact(true)).click();
        assertThat(dialog).hasCount(0);
    }

    static LocatorAssertions.HasTextOptions exactly(int seconds) {
        return new LocatorAssertions.HasTextOptions().setTimeout(seconds * 1000.0);
    }

    static LocatorAssertions.ContainsTextOptions within(int seconds) {
        return new LocatorAssertions.ContainsTextOptions().setTimeout(seconds * 1000.0);
    }
}
