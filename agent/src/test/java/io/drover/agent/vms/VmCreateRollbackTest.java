package io.drover.agent.vms;

import static io.drover.protocol.link.AgentCommand.CREATE_STEPS;
import static io.drover.protocol.link.AgentCommand.STEP_CREATE_DISK;
import static io.drover.protocol.link.AgentCommand.STEP_DEFINE;
import static io.drover.protocol.link.AgentCommand.STEP_FETCH_IMAGE;
import static io.drover.protocol.link.AgentCommand.STEP_SEED_ISO;
import static io.drover.protocol.link.AgentCommand.STEP_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.networks.NicAttachments;
import io.drover.agent.libvirt.DomainStates;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.ImageRef;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VmCreate}'s rollback, step by step, with fakes in front of the image cache, qemu-img,
 * genisoimage and libvirt (the real ones are proven in the e2e module): whichever step fails, the
 * steps done before it are undone newest first, the host keeps no domain and no VM files, and
 * the server hears each step's fate.
 */
class VmCreateRollbackTest {
    static final String ID = "0f8b5a0e-3c1d-4a5b-9e7f-112233445566";

    @TempDir
    Path data;

    /** Everything the fakes were asked to do, in order, as "action" or "action!" when it failed. */
    final List<String> calls = new ArrayList<>();
    /** Calls that fail: "fetch", "overlay", "seed", "define", "start", "destroy", "undefine". */
    final Set<String> failing = new HashSet<>();
    final List<CommandProgress> progress = new ArrayList<>();
    final FakeDomains domains = new FakeDomains();
    VmFiles files;
    OpContext op;

    VmCreate create() {
        files = new VmFiles(data);
        op = new OpContext("op-1", o -> progress.add((CommandProgress) o));
        BaseImages images = image -> {
            call("fetch");
            return files.image(image.sha256(), image.format());
        };
        DiskMaker disks = new DiskMaker() {
            @Override
            public void overlay(Path base, String baseFormat, long baseVirtualBytes, Path overlay, long diskGib) throws ToolFailed, IOException {
                callTool("overlay");
                Files.writeString(overlay, "disk");
            }

            @Override
            public void blank(Path disk, long diskGib) throws ToolFailed, IOException {
                callTool("blank");
                Files.writeString(disk, "blank");
            }
        };
        SeedWriter seeds = (vm, iso) -> {
            callTool("seed");
            Files.writeString(iso, "seed");
        };
        return new VmCreate(files, images, disks, seeds, new DomainXml("qemu"), domains, NicAttachments.NONE);
    }

    static VmSpec vm(Boolean start) {
        return new VmSpec(ID, "web-1", 1, 256, 1, new ImageRef("img-1", "b".repeat(64), "qcow2", 100, 1 << 20,
                "/api/v1/images/img-1/content"), List.of(), null, 5, start, null);
    }

    private void call(String what) throws OperationFailed {
        if (failing.contains(what)) {
            calls.add(what + "!");
            throw new OperationFailed(what + " broke");
        }
        calls.add(what);
    }

    private void callTool(String what) throws ToolFailed, IOException {
        if (failing.contains(what)) {
            calls.add(what + "!");
            if (what.equals("seed")) throw new IOException("disk full");
            throw new ToolFailed(what + " broke");
        }
        calls.add(what);
    }

    /** What the server heard, as "step status" lines. */
    List<String> heard() {
        return progress.stream().map(p -> p.step() + " " + p.status()).toList();
    }

    @Test
    void aCreateRunsEveryStepInOrderAndLeavesARunningDomain() throws Exception {
        create().run(vm(null), op);
        assertThat(calls).containsExactly("fetch", "overlay", "seed", "define", "start");
        List<String> expected = new ArrayList<>();
        for (String step : CREATE_STEPS) {
            expected.add(step + " " + CommandProgress.RUNNING);
            expected.add(step + " " + CommandProgress.DONE);
        }
        assertThat(heard()).isEqualTo(expected);
        assertThat(domains.state(ID)).isEqualTo(DomainReport.RUNNING);
        assertThat(files.disk(ID)).exists();
        assertThat(files.seed(ID)).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetch", "overlay", "seed", "define", "start"})
    void whicheverStepFailsTheOnesBeforeItAreUndoneNewestFirstAndNothingIsLeft(String broken) throws Exception {
        failing.add(broken);
        VmCreate create = create();
        assertThatThrownBy(() -> create.run(vm(null), op)).isInstanceOf(OperationFailed.class)
                .isNotInstanceOf(OperationCancelled.class)
                .hasMessageContaining(broken.equals("seed") ? "disk full" : broken + " broke")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cannot undo"));

        List<String> order = List.of("fetch", "overlay", "seed", "define", "start");
        int failedAt = order.indexOf(broken);
        String failedStep = CREATE_STEPS.get(failedAt);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < failedAt; i++) {
            expected.add(CREATE_STEPS.get(i) + " " + CommandProgress.RUNNING);
            expected.add(CREATE_STEPS.get(i) + " " + CommandProgress.DONE);
        }
        expected.add(failedStep + " " + CommandProgress.RUNNING);
        expected.add(failedStep + " " + CommandProgress.FAILED);
        for (int i = failedAt - 1; i >= 0; i--) expected.add(CREATE_STEPS.get(i) + " " + CommandProgress.COMPENSATED);
        assertThat(heard()).isEqualTo(expected);
        assertThat(progress.stream().filter(p -> p.status().equals(CommandProgress.FAILED)).findFirst().orElseThrow().detail())
                .as("the failed step says why").isNotBlank();

        // Of the undos only define's reaches libvirt (the disk and seed are files, the cached image stays).
        assertThat(calls.subList(failedAt + 1, calls.size())).isEqualTo(broken.equals("start") ? List.of("undefine") : List.of());
        assertThat(domains.defined).as("no domain is left").isEmpty();
        assertThat(files.vmDir(ID)).as("no VM files are left").doesNotExist();
    }

    @Test
    void aStartThatFailsAfterTheDomainRanIsDestroyedBeforeItIsUndefined() throws Exception {
        domains.startsThenFails = true;
        VmCreate create = create();
        assertThatThrownBy(() -> create.run(vm(null), op)).isInstanceOf(OperationFailed.class);
        assertThat(calls).containsExactly("fetch", "overlay", "seed", "define", "start!", "undefine", "destroy", "undefine");
        assertThat(domains.defined).isEmpty();
        assertThat(domains.running).isEmpty();
        assertThat(files.vmDir(ID)).doesNotExist();
    }

    @Test
    void anUndoThatFailsIsReportedAndTheRestIsStillUndone() throws Exception {
        failing.add("start");
        failing.add("undefine");
        VmCreate create = create();
        assertThatThrownBy(() -> create.run(vm(null), op)).isInstanceOf(OperationFailed.class)
                .hasMessageContaining("start broke")
                .hasMessageContaining("cannot undo define")
                .hasMessageContaining("cannot remove what is left of the VM");
        assertThat(heard()).contains(STEP_DEFINE + " " + CommandProgress.FAILED, STEP_SEED_ISO + " " + CommandProgress.COMPENSATED,
                STEP_CREATE_DISK + " " + CommandProgress.COMPENSATED, STEP_FETCH_IMAGE + " " + CommandProgress.COMPENSATED);
        assertThat(files.seed(ID)).as("the seed was still removed").doesNotExist();
        assertThat(files.disk(ID)).as("the disk was still removed").doesNotExist();
        assertThat(files.vmDir(ID)).as("kept while a domain may still name it").exists();
    }

    @Test
    void aCancelBetweenStepsUndoesWhatWasDone() throws Exception {
        VmCreate create = create();
        domains.onDefine = () -> op.cancel();
        assertThatThrownBy(() -> create.run(vm(null), op)).isInstanceOf(OperationCancelled.class);
        assertThat(calls).containsExactly("fetch", "overlay", "seed", "define", "undefine");
        assertThat(heard()).doesNotContain(STEP_START + " " + CommandProgress.RUNNING)
                .endsWith(STEP_DEFINE + " " + CommandProgress.COMPENSATED, STEP_SEED_ISO + " " + CommandProgress.COMPENSATED,
                        STEP_CREATE_DISK + " " + CommandProgress.COMPENSATED, STEP_FETCH_IMAGE + " " + CommandProgress.COMPENSATED);
        assertThat(domains.defined).isEmpty();
        assertThat(files.vmDir(ID)).doesNotExist();
    }

    @Test
    void aDomainLeftDefinedByAnEarlierTryIsRemovedWhenThisTryFailsBeforeDefine() throws Exception {
        domains.defined.add(ID); // an earlier try got as far as define, then the agent restarted
        failing.add("seed");
        VmCreate create = create();
        assertThatThrownBy(() -> create.run(vm(null), op)).isInstanceOf(OperationFailed.class);
        assertThat(calls).containsExactly("fetch", "overlay", "seed!", "destroy", "undefine");
        assertThat(domains.defined).isEmpty();
        assertThat(files.vmDir(ID)).doesNotExist();
    }

    @Test
    void aVmAlreadyRunningIsDoneAtOnceAndOneThatShouldNotStartEndsAtDefine() throws Exception {
        domains.defined.add(ID);
        domains.running.add(ID);
        create().run(vm(null), op);
        assertThat(calls).isEmpty();
        assertThat(progress).isEmpty();

        domains.running.clear();
        domains.defined.clear();
        create().run(vm(false), op);
        assertThat(calls).containsExactly("fetch", "overlay", "seed", "define");
        assertThat(heard()).doesNotContain(STEP_START + " " + CommandProgress.RUNNING);
        assertThat(domains.state(ID)).isEqualTo(DomainReport.STOPPED);
    }

    /** Domains in memory; every call is logged in {@link #calls} and any may be made to fail. */
    final class FakeDomains implements DomainControl {
        final Set<String> defined = new HashSet<>();
        final Set<String> running = new HashSet<>();
        final Map<String, String> xml = new HashMap<>();
        /** Start brings the domain up and then reports failure (QEMU died right after starting). */
        boolean startsThenFails;
        Runnable onDefine = () -> {};

        private void call(String what) throws HypervisorUnavailable {
            if (failing.contains(what)) {
                calls.add(what + "!");
                throw new HypervisorUnavailable(what + " broke", null);
            }
            calls.add(what);
        }

        @Override
        public DomainStates.Observed status(String uuid) {
            String state = !defined.contains(uuid) ? DomainReport.ABSENT : running.contains(uuid) ? DomainReport.RUNNING : DomainReport.STOPPED;
            return new DomainStates.Observed(state, null);
        }

        @Override
        public void define(String domainXml) throws HypervisorUnavailable {
            call("define");
            defined.add(ID);
            xml.put(ID, domainXml);
            onDefine.run();
        }

        @Override
        public void start(String uuid) throws HypervisorUnavailable {
            if (startsThenFails) {
                running.add(uuid);
                calls.add("start!");
                throw new HypervisorUnavailable("start broke after QEMU started", null);
            }
            call("start");
            running.add(uuid);
        }

        @Override
        public void shutdown(String uuid) throws HypervisorUnavailable {
            call("shutdown");
        }

        @Override
        public void destroy(String uuid) throws HypervisorUnavailable {
            call("destroy");
            running.remove(uuid);
        }

        @Override
        public void suspend(String uuid) throws HypervisorUnavailable {
            call("suspend");
        }

        @Override
        public void resume(String uuid) throws HypervisorUnavailable {
            call("resume");
        }

        @Override
        public void undefine(String uuid) throws HypervisorUnavailable {
            call("undefine");
            // libvirt turns a running persistent domain transient on undefine; it goes when it stops.
            if (!running.contains(uuid)) defined.remove(uuid);
        }

        @Override
        public Optional<String> inactiveXml(String uuid) {
            return Optional.ofNullable(xml.get(uuid));
        }

        @Override
        public DomainReport report(String uuid, boolean withIps) {
            return new DomainReport(uuid, "web-1", status(uuid).state(), null, 1, 256L, null);
        }
    }
}
