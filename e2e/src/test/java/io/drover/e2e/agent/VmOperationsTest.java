package io.drover.e2e.agent;

import java.net.http.HttpClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.drover.agent.networks.NicAttachments;
import io.drover.agent.inventory.DomainEvents;
import io.drover.agent.inventory.InventoryReporter;
import io.drover.agent.libvirt.Domains;
import io.drover.agent.libvirt.Hypervisor;
import io.drover.agent.vms.ConsoleLogs;
import io.drover.agent.vms.Disks;
import io.drover.agent.vms.DomainXml;
import io.drover.agent.vms.ImageCache;
import io.drover.agent.vms.Operations;
import io.drover.agent.vms.SeedIso;
import io.drover.agent.vms.VmCreate;
import io.drover.agent.vms.VmDelete;
import io.drover.agent.vms.VmFiles;
import io.drover.agent.vms.VmOperations;
import io.drover.agent.vms.VmPower;
import io.drover.agent.vms.VmResize;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.ImageRef;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's VM operations against the real libvirtd of qemu:///system, wired as the agent wires
 * them but without a server: a local HTTP server on 127.0.0.1 serves the base image (a blank
 * 64 MiB qcow2: the guest finds nothing to boot, but the domain runs, which is all this needs).
 * TCG domains with user-mode networking only.
 */
class VmOperationsTest {
    static final String URI_SYSTEM = "qemu:///system";

    @TempDir
    Path tmp;

    Path dataDir;
    HttpServer images;
    final AtomicInteger imageFetches = new AtomicInteger();
    String baseSha;
    long baseSize;
    Hypervisor hv;
    Domains domains;
    VmFiles files;
    ExecutorService pool;
    Operations ops;
    InventoryReporter inventory;
    DomainEvents events;
    final List<Object> sent = new CopyOnWriteArrayList<>();
    final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        // QEMU runs as another user on qemu:///system: it must reach into the data dir.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        dataDir = tmp.resolve("data");
        Path base = tmp.resolve("base.qcow2");
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M"));
        byte[] baseBytes = Files.readAllBytes(base);
        baseSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(baseBytes));
        baseSize = baseBytes.length;

        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/api/v1/images/base/content", ex -> {
            imageFetches.incrementAndGet();
            // The agent's credential is its TLS client certificate (see the server's tests); this plain server takes any caller.
            ex.sendResponseHeaders(200, baseBytes.length);
            ex.getResponseBody().write(baseBytes);
            ex.close();
        });
        images.start();
        URI server = URI.create("http://127.0.0.1:" + images.getAddress().getPort());

        hv = new Hypervisor(URI_SYSTEM, Duration.ofSeconds(15));
        domains = new Domains(hv);
        files = new VmFiles(dataDir);
        ImageCache cache = new ImageCache(files, () -> server, HttpClient::newHttpClient, Duration.ofSeconds(30));
        DomainXml xml = new DomainXml("qemu");
        VmCreate create = new VmCreate(files, cache, new Disks(), new SeedIso(), xml, domains, NicAttachments.NONE);
        inventory = new InventoryReporter(domains, sent::add, Duration.ofMinutes(5));
        events = new DomainEvents(domains, sent::add);
        hv.onLifecycle(events);
        pool = Executors.newFixedThreadPool(4);
        ops = new Operations(pool, sent::add,
                new VmOperations(create, new VmPower(domains, xml, new ConsoleLogs(files)), new VmResize(domains),
                        new VmDelete(domains, files, NicAttachments.NONE), domains),
                inventory::request);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (String id : created) {
                virsh("destroy", id);
                virsh("undefine", id);
            }
        } finally {
            pool.shutdownNow();
            inventory.close();
            events.close();
            hv.close();
            images.stop(0);
        }
    }

    VmSpec vm(String id, long memoryMib, String sha) {
        String name = "drover-test-" + UUID.randomUUID().toString().substring(0, 8);
        return new VmSpec(id, name, 1, memoryMib, 1,
                new ImageRef("base", sha, "qcow2", baseSize, 64L << 20, "/api/v1/images/base/content"),
                List.of("ssh-ed25519 AAAAtest 'quoted' $(id) user@host"), "#!/bin/sh\necho '<&>' `id` $(id)\n", 2);
    }

    String newId() {
        String id = UUID.randomUUID().toString();
        created.add(id);
        return id;
    }

    /** Submits one command and waits for its result. */
    CommandResult op(String action, VmSpec vm) {
        String opId = action + "-" + UUID.randomUUID();
        ops.submit(AgentCommand.of(opId, action, vm));
        await().atMost(Duration.ofSeconds(60)).until(() -> result(opId) != null);
        return result(opId);
    }

    CommandResult result(String opId) {
        return sent.stream().filter(m -> m instanceof CommandResult r && r.opId().equals(opId)).map(CommandResult.class::cast)
                .findFirst().orElse(null);
    }

    List<String> progress(String opIdPrefix) {
        return sent.stream().filter(m -> m instanceof CommandProgress p && p.opId().startsWith(opIdPrefix))
                .map(m -> ((CommandProgress) m).step() + ":" + ((CommandProgress) m).status()).toList();
    }

    List<String> progressOf(CommandResult r) {
        return progress(r.opId());
    }

    @Test
    void createStopStartRebootSuspendResumeDeleteLeavesNothing() throws Exception {
        VmSpec vm = vm(newId(), 128, baseSha);

        CommandResult create = op(AgentCommand.CREATE, vm);
        assertThat(create.ok()).as(create.error()).isTrue();
        assertThat(create.domain().state()).isEqualTo(DomainReport.RUNNING);
        assertThat(create.domain().uuid()).isEqualTo(vm.id());
        assertThat(create.domain().name()).isEqualTo(vm.name());
        assertThat(create.domain().cpus()).isEqualTo(1);
        assertThat(create.domain().memoryMib()).isEqualTo(128);
        assertThat(progressOf(create)).containsExactly(
                "fetch_image:running", "fetch_image:done", "create_disk:running", "create_disk:done",
                "seed_iso:running", "seed_iso:done", "define:running", "define:done", "start:running", "start:done");
        assertThat(virsh("domuuid", vm.name()).trim()).isEqualTo(vm.id());
        String liveXml = virsh("dumpxml", vm.id());
        assertThat(liveXml).contains("<uuid>" + vm.id() + "</uuid>")
                .contains(files.seed(vm.id()).toString()).contains("dev='vdb' bus='virtio'")
                .contains("<interface type='user'>").contains("vnc.sock").doesNotContain("listen='127.0.0.1'");
        assertThat(virsh("dominfo", vm.id())).contains("Persistent:     yes");
        assertThat(files.disk(vm.id())).exists();
        assertThat(files.seed(vm.id())).exists();
        assertThat(files.image(baseSha, "qcow2")).exists();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof DomainEvent e
                && e.domain().uuid().equals(vm.id()) && e.event().equals("STARTED") && e.domain().state().equals(DomainReport.RUNNING)));
        assertThat(inventory.read()).anySatisfy(d -> {
            assertThat(d.uuid()).isEqualTo(vm.id());
            assertThat(d.state()).isEqualTo(DomainReport.RUNNING);
            assertThat(d.ips()).isEmpty(); // no guest agent, and user-mode networking has no lease or ARP entry
        });

        // Creating what runs succeeds at once, without touching it.
        CommandResult again = op(AgentCommand.CREATE, vm);
        assertThat(again.ok()).isTrue();
        assertThat(progressOf(again)).isEmpty();
        assertThat(imageFetches).hasValue(1);

        // Nothing in the guest answers ACPI: stop falls back to destroy after the 2 s timeout.
        long t0 = System.nanoTime();
        CommandResult stop = op(AgentCommand.STOP, vm);
        assertThat(stop.ok()).as(stop.error()).isTrue();
        assertThat(stop.domain().state()).isEqualTo(DomainReport.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(op(AgentCommand.STOP, vm).ok()).isTrue(); // stopping what is off

        CommandResult resize = op(AgentCommand.RESIZE, new VmSpec(vm.id(), vm.name(), 2, 192, 1, null, null, null, 0));
        assertThat(resize.ok()).as(resize.error()).isTrue();
        assertThat(resize.domain().cpus()).isEqualTo(2);
        assertThat(resize.domain().memoryMib()).isEqualTo(192);

        CommandResult start = op(AgentCommand.START, vm);
        assertThat(start.ok()).as(start.error()).isTrue();
        assertThat(start.domain().state()).isEqualTo(DomainReport.RUNNING);
        CommandResult resizeRunning = op(AgentCommand.RESIZE, new VmSpec(vm.id(), vm.name(), 1, 128, 1, null, null, null, 0));
        assertThat(resizeRunning.ok()).isFalse();
        assertThat(resizeRunning.error()).contains("stop it before resizing");

        CommandResult reboot = op(AgentCommand.REBOOT, vm);
        assertThat(reboot.ok()).as(reboot.error()).isTrue();
        assertThat(reboot.domain().state()).isEqualTo(DomainReport.RUNNING);

        CommandResult suspend = op(AgentCommand.SUSPEND, vm);
        assertThat(suspend.ok()).as(suspend.error()).isTrue();
        assertThat(suspend.domain().state()).isEqualTo(DomainReport.PAUSED);
        assertThat(suspend.domain().reason()).as("libvirt's reason for a pause someone asked for").isEqualTo("user");
        CommandResult resume = op(AgentCommand.RESUME, vm);
        assertThat(resume.ok()).as(resume.error()).isTrue();
        assertThat(resume.domain().state()).isEqualTo(DomainReport.RUNNING);

        CommandResult force = op(AgentCommand.FORCE_STOP, vm);
        assertThat(force.ok()).as(force.error()).isTrue();
        assertThat(force.domain().state()).isEqualTo(DomainReport.STOPPED);
        assertThat(op(AgentCommand.START, vm).domain().state()).isEqualTo(DomainReport.RUNNING);

        CommandResult delete = op(AgentCommand.DELETE, vm);
        assertThat(delete.ok()).as(delete.error()).isTrue();
        assertThat(delete.domain().state()).isEqualTo(DomainReport.ABSENT);
        assertNothingLeft(vm);
        assertThat(files.image(baseSha, "qcow2")).exists(); // the cache stays for the next VM
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof DomainEvent e
                && e.domain().uuid().equals(vm.id()) && e.event().equals("UNDEFINED") && e.domain().state().equals(DomainReport.ABSENT)));

        assertThat(op(AgentCommand.DELETE, vm).ok()).isTrue(); // deleting what is gone
        CommandResult startGone = op(AgentCommand.START, vm);
        assertThat(startGone.ok()).isFalse();
        assertThat(startGone.error()).contains("not defined");
    }

    /**
     * A stop and a start keep what the console log held. The blank guest writes nothing to its
     * serial port, so the test writes the "first boot's" line itself while the domain is off;
     * QEMU then opens the file for the second boot, which used to empty it. The domain is
     * redefined first as an agent before append="on" defined it, and the start mends that.
     */
    @Test
    void aStopAndStartKeepTheEarlierBootsConsoleOutput() throws Exception {
        VmSpec vm = vm(newId(), 128, baseSha);
        assertThat(op(AgentCommand.CREATE, vm).ok()).isTrue();
        assertThat(virsh("dumpxml", "--inactive", vm.id())).contains("append='on'");
        CommandResult force = op(AgentCommand.FORCE_STOP, vm);
        assertThat(force.ok()).as(force.error()).isTrue();
        String older = virsh("dumpxml", "--inactive", vm.id()).replace(" append='on'", "");
        assertThat(older).doesNotContain("append=");
        domains.define(older);

        Path console = files.consoleLog(vm.id());
        Files.writeString(console, "first boot: login:\n", StandardOpenOption.APPEND);
        CommandResult start = op(AgentCommand.START, vm);
        assertThat(start.ok()).as(start.error()).isTrue();
        assertThat(start.domain().state()).isEqualTo(DomainReport.RUNNING);

        assertThat(Files.readString(console)).contains("first boot: login:\n")
                .containsPattern("--- drover-agent: starting the VM at \\S+ ---\n");
        assertThat(virsh("dumpxml", "--inactive", vm.id())).contains("append='on'");
        assertThat(op(AgentCommand.DELETE, vm).ok()).isTrue();
        assertNothingLeft(vm);
    }

    @Test
    void aGuestThatQemuStopsByItselfIsAnErrorThatOnlyAForceStopClears() throws Exception {
        VmSpec vm = vm(newId(), 128, baseSha);
        assertThat(op(AgentCommand.CREATE, vm).ok()).isTrue();
        // What QEMU does on a KVM emulation failure or an I/O error: it stops the CPUs itself, and libvirt
        // learns of it from QEMU's STOP event, with no reason it asked for.
        assertThat(virsh("qemu-monitor-command", vm.id(), "{\"execute\":\"stop\"}")).contains("return");
        await().atMost(Duration.ofSeconds(10)).until(() -> domains.status(vm.id()).state().equals(DomainReport.ERROR));
        assertThat(domains.status(vm.id()).reason()).isEqualTo("unknown");
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof DomainEvent e
                && e.domain().uuid().equals(vm.id()) && DomainReport.ERROR.equals(e.domain().state()) && "unknown".equals(e.domain().reason())));
        assertThat(inventory.read()).anySatisfy(d -> {
            assertThat(d.uuid()).isEqualTo(vm.id());
            assertThat(d.state()).isEqualTo(DomainReport.ERROR);
        });

        for (String action : List.of(AgentCommand.START, AgentCommand.STOP, AgentCommand.REBOOT, AgentCommand.RESUME, AgentCommand.SUSPEND)) {
            CommandResult refused = op(action, vm);
            assertThat(refused.ok()).as(action).isFalse();
            assertThat(refused.error()).as(action).contains("stopped running by itself").contains("force-stop it, then start it")
                    .doesNotContain("QEMU command");
        }
        CommandResult force = op(AgentCommand.FORCE_STOP, vm);
        assertThat(force.ok()).as(force.error()).isTrue();
        assertThat(force.domain().state()).isEqualTo(DomainReport.STOPPED);
        assertThat(force.domain().reason()).isEqualTo("destroyed");
        assertThat(op(AgentCommand.START, vm).domain().state()).isEqualTo(DomainReport.RUNNING);
    }

    @Test
    void aCreateWithoutStartDefinesAStoppedDomainAndAsksNoMore() throws Exception {
        VmSpec running = vm(newId(), 128, baseSha);
        VmSpec vm = new VmSpec(running.id(), running.name(), 1, 128, 1, running.image(), null, null, 2, false, null);
        CommandResult create = op(AgentCommand.CREATE, vm);
        assertThat(create.ok()).as(create.error()).isTrue();
        assertThat(create.domain().state()).isEqualTo(DomainReport.STOPPED);
        assertThat(progressOf(create)).containsExactly(
                "fetch_image:running", "fetch_image:done", "create_disk:running", "create_disk:done",
                "seed_iso:running", "seed_iso:done", "define:running", "define:done");
        assertThat(virsh("domstate", vm.id())).contains("shut off");
        CommandResult again = op(AgentCommand.CREATE, vm); // a resumed create: done at once
        assertThat(again.ok()).isTrue();
        assertThat(progressOf(again)).isEmpty();
        assertThat(op(AgentCommand.DELETE, vm).ok()).isTrue();
        assertNothingLeft(vm);
    }

    @Test
    void aCreateFailingAtItsLastStepRollsBackFully() throws Exception {
        // More memory than the host has: libvirt defines it, QEMU cannot start it.
        long hostMib = hv.facts().memoryMib();
        VmSpec vm = vm(newId(), hostMib * 8, baseSha);
        CommandResult create = op(AgentCommand.CREATE, vm);
        assertThat(create.ok()).isFalse();
        assertThat(create.cancelled()).isFalse();
        assertThat(create.error()).isNotBlank();
        assertThat(progressOf(create)).containsExactly(
                "fetch_image:running", "fetch_image:done", "create_disk:running", "create_disk:done",
                "seed_iso:running", "seed_iso:done", "define:running", "define:done", "start:running", "start:failed",
                "define:compensated", "seed_iso:compensated", "create_disk:compensated", "fetch_image:compensated");
        assertThat(create.domain().state()).isEqualTo(DomainReport.ABSENT);
        assertNothingLeft(vm);
    }

    @Test
    void aChecksumMismatchFailsAtFetchImageAndLeavesNothing() throws Exception {
        VmSpec vm = vm(newId(), 128, "0".repeat(64));
        CommandResult create = op(AgentCommand.CREATE, vm);
        assertThat(create.ok()).isFalse();
        assertThat(create.error()).contains("SHA-256 " + baseSha).contains("expected " + "0".repeat(64));
        assertThat(progressOf(create)).containsExactly("fetch_image:running", "fetch_image:failed");
        assertNothingLeft(vm);
        try (var left = Files.list(files.imagesDir())) {
            assertThat(left).isEmpty();
        }
    }

    void assertNothingLeft(VmSpec vm) throws Exception {
        Process p = new ProcessBuilder("virsh", "-c", URI_SYSTEM, "dominfo", vm.id()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("virsh dominfo of a VM that should be gone").isNotZero();
        assertThat(domains.state(vm.id())).isEqualTo(DomainReport.ABSENT);
        assertThat(files.vmDir(vm.id())).doesNotExist();
    }

    static String virsh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", URI_SYSTEM));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + " failed: " + out);
    }
}
