package io.drover.agent.vms;

import static io.drover.protocol.link.AgentCommand.STEP_CREATE_DISK;
import static io.drover.protocol.link.AgentCommand.STEP_DEFINE;
import static io.drover.protocol.link.AgentCommand.STEP_FETCH_IMAGE;
import static io.drover.protocol.link.AgentCommand.STEP_SEED_ISO;
import static io.drover.protocol.link.AgentCommand.STEP_START;

import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.networks.NetworkUnusable;
import io.drover.agent.networks.NicAttachments;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a VM on this host in the steps of {@link io.drover.protocol.link.AgentCommand#CREATE_STEPS}:
 * fetch the base image, make the disk, write the seed ISO, define the domain, start it. Each
 * step reports when it starts and ends. If one fails, or the server cancels, every step done is
 * undone in reverse (the cached base image stays: other VMs share it), so a failed create leaves
 * no domain and no VM files. A VM that is already running is done at once; a spec with
 * {@code start: false} ends at {@code define} (and is done at once when its domain exists stopped).
 */
public final class VmCreate {
    private static final Logger log = LoggerFactory.getLogger(VmCreate.class);

    private final VmFiles files;
    private final BaseImages images;
    private final DiskMaker disks;
    private final SeedWriter seeds;
    private final DomainXml xml;
    private final DomainControl domains;
    private final ConsoleLogs consoleLogs;
    private final NicAttachments networks;

    public VmCreate(VmFiles files, BaseImages images, DiskMaker disks, SeedWriter seeds, DomainXml xml, DomainControl domains,
                    NicAttachments networks) {
        this.networks = networks;
        this.files = files;
        this.images = images;
        this.disks = disks;
        this.seeds = seeds;
        this.xml = xml;
        this.domains = domains;
        this.consoleLogs = new ConsoleLogs(files);
    }

    @FunctionalInterface
    private interface Action {
        void run() throws OperationFailed, IOException, HypervisorUnavailable;
    }

    private record Step(String name, Action run, Action undo) {}

    public void run(VmSpec vm, OpContext op) throws OperationFailed {
        SpecCheck.forCreate(vm);
        String id = vm.id();
        String state = read(() -> domains.state(id));
        if (DomainReport.RUNNING.equals(state) || !vm.startsOnCreate() && DomainReport.STOPPED.equals(state)) {
            log.info("create {}: VM {} ({}) is {} already", op.opId(), id, vm.name(), state);
            return;
        }
        Path disk = files.disk(id);
        Path seed = files.seed(id);
        List<Step> steps = List.of(
                new Step(STEP_FETCH_IMAGE, () -> images.ensure(vm.image()), () -> {}),
                new Step(STEP_CREATE_DISK, () -> makeDisk(vm, disk), () -> Files.deleteIfExists(disk)),
                new Step(STEP_SEED_ISO, () -> seeds.write(vm, seed), () -> Files.deleteIfExists(seed)),
                // The networks its NICs sit on and their reservations first: a domain on a missing network is not defined.
                new Step(STEP_DEFINE, () -> {
                    String domainXml = xml.build(vm, files);
                    attachNics(vm);
                    domains.define(domainXml);
                }, () -> {
                    domains.undefine(id);
                    networks.detach(xml.build(vm, files));
                }),
                new Step(STEP_START, () -> {
                    consoleLogs.beforeStart(id); // the first boot's mark in the serial log, as before every start
                    domains.start(id);
                }, () -> domains.destroy(id)))
                .stream().filter(step -> vm.startsOnCreate() || !STEP_START.equals(step.name())).toList();
        Deque<Step> done = new ArrayDeque<>();
        try {
            for (Step step : steps) {
                op.checkCancelled();
                op.progress(step.name(), CommandProgress.RUNNING, null);
                try {
                    step.run().run();
                } catch (OperationFailed | IOException | HypervisorUnavailable e) {
                    String why = e instanceof IOException ? step.name() + ": " + e : e.getMessage();
                    op.progress(step.name(), CommandProgress.FAILED, why);
                    throw e instanceof OperationFailed f ? f : new OperationFailed(why, e);
                }
                done.push(step);
                op.progress(step.name(), CommandProgress.DONE, null);
            }
            log.info("create {}: VM {} ({}) defined{}", op.opId(), id, vm.name(), vm.startsOnCreate() ? " and started" : "");
        } catch (OperationFailed e) {
            String undone = compensate(id, done, op);
            log.warn("create {} of VM {} failed and was rolled back{}: {}", op.opId(), id, undone, e.getMessage());
            if (!undone.isEmpty()) throw new OperationFailed(e.getMessage() + undone, e);
            throw e;
        }
    }

    private void attachNics(VmSpec vm) throws OperationFailed {
        try {
            networks.attach(vm.name(), vm.nicsOrUser());
        } catch (NetworkUnusable e) {
            throw new OperationFailed("the VM's network on this host: " + e.getMessage(), e);
        }
    }

    private void makeDisk(VmSpec vm, Path disk) throws OperationFailed, IOException {
        files.createVmDir(vm.id());
        if (Files.isRegularFile(disk)) return; // made by an earlier try of this create
        if ("iso".equals(vm.image().format())) {
            disks.blank(disk, vm.diskGib());
        } else {
            Path base = files.image(vm.image().sha256(), vm.image().format());
            disks.overlay(base, vm.image().format(), vm.image().virtualSizeBytes(), disk, vm.diskGib());
        }
    }

    /**
     * Undoes {@code done} newest first, then removes the VM directory (a failed step may have left
     * a part file or a console log there). Returns "" or what could not be undone.
     */
    private String compensate(String id, Deque<Step> done, OpContext op) {
        StringBuilder failures = new StringBuilder();
        for (Step step : done) {
            try {
                step.undo().run();
                op.progress(step.name(), CommandProgress.COMPENSATED,
                        STEP_FETCH_IMAGE.equals(step.name()) ? "the cached base image stays" : null);
            } catch (OperationFailed | IOException | HypervisorUnavailable e) {
                op.progress(step.name(), CommandProgress.FAILED, "cannot undo: " + e.getMessage());
                failures.append("; cannot undo ").append(step.name()).append(": ").append(e.getMessage());
            }
        }
        try {
            // The domain may exist although define was not reached in this try (an earlier try
            // defined it): the VM's files are gone then, so the definition must go too.
            if (domains.exists(id)) {
                domains.destroy(id);
                domains.undefine(id);
            }
            files.removeVmDir(id);
        } catch (OperationFailed | IOException | HypervisorUnavailable e) {
            failures.append("; cannot remove what is left of the VM: ").append(e.getMessage());
        }
        return failures.toString();
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws HypervisorUnavailable;
    }

    private static <T> T read(Read<T> r) throws OperationFailed {
        try {
            return r.get();
        } catch (HypervisorUnavailable e) {
            throw new OperationFailed(e.getMessage(), e);
        }
    }
}
