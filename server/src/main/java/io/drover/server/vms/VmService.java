package io.drover.server.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.protocol.link.AgentCommand;
import io.drover.server.access.Principal;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.NameUnavailable;
import io.drover.server.projects.Project;
import io.drover.server.networks.Networks;
import io.drover.server.networks.NicRequest;
import io.drover.server.projects.Projects;
import io.drover.server.tasks.TaskRecord;
import io.drover.server.tasks.TaskRunner;
import io.drover.server.tasks.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What VM requests do: checks them, stores the desired state and starts the task that makes it
 * so. One task at a time per VM; a request that would overlap another is refused with 409.
 */
final class VmService {
    /** A delete waits this long for an unreachable host to come back before it gives up. */
    static final Duration DELETE_DEADLINE = Duration.ofDays(7);
    static final Duration ACTION_DEADLINE = Duration.ofMinutes(30);

    private final VmStore store;
    private final Networks networks;
    private final TaskRunner tasks;
    private final ImageLookup images;
    private final HostFleet fleet;
    private final VmSettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Projects projects;

    VmService(VmStore store, TaskRunner tasks, ImageLookup images, HostFleet fleet, Networks networks, VmSettings settings,
              ObjectMapper mapper, Clock clock, Projects projects) {
        this.projects = projects;
        this.networks = networks;
        this.store = store;
        this.tasks = tasks;
        this.images = images;
        this.fleet = fleet;
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The VM as stored and the task that makes it. */
    record Started(Vm vm, TaskRecord task) {}

    Started create(CreateVmRequest r, Principal caller) {
        String name = VmName.check(r.name());
        String project = Projects.forNew(r.project(), caller);
        int cpus = VmRequests.cpus(r.cpus());
        long memory = VmRequests.memoryMib(r.memoryMib());
        long disk = VmRequests.diskGib(r.diskGib());
        if (r.image() == null || r.image().isEmpty()) throw new InvalidRequest("image is required");
        ImageLookup.Named image = images.find(r.image()).filter(i -> caller.inProject(i.project()))
                .orElseThrow(() -> new InvalidRequest("no image with id or name " + r.image()));
        if (disk << 30 < image.ref().virtualSizeBytes()) {
            throw new InvalidRequest("disk_gib " + disk + " is smaller than the image (" + gibCeil(image.ref().virtualSizeBytes()) + " GiB)");
        }
        String pinned = null;
        if (r.host() != null) pinned = fleet.resolve(r.host()).orElseThrow(() -> new InvalidRequest("no single host with id or name " + r.host()));
        boolean start = r.start() == null || r.start();
        Vm vm = Vm.requested(UUID.randomUUID().toString(), name, project, new Vm.Size(cpus, memory, disk), image.ref().id(),
                VmRequests.sshKeys(r.sshKeys()), VmRequests.userData(r.userData()), pinned,
                start ? Vm.Desired.RUNNING : Vm.Desired.STOPPED, clock.millis());
        Project.Quota more = new Project.Quota(1L, (long) cpus, memory, disk);
        List<NicRequest> nics = r.nics() == null ? List.of() : r.nics();
        if (!store.insert(vm, h -> projects.checkQuota(h, project, more), h -> networks.allocate(h, vm.id(), project, nics))) {
            // Names are global: only a caller who may see the VM that has it hears about that VM.
            boolean visible = store.byName(name).filter(other -> caller.inProject(other.project())).isPresent();
            throw visible ? new VmConflict("a VM named " + name + " exists") : new NameUnavailable(name);
        }
        ObjectNode params = mapper.createObjectNode().put("start", start);
        TaskRecord task = tasks.submit(VmTaskKinds.CREATE, vm.id(), vm.project(), null, settings.createDeadline(), params.toString());
        return new Started(vm, task);
    }

    /** A power action ({@link VmTaskKinds#POWER}); {@code timeoutSeconds} is for stop and reboot. */
    synchronized TaskRecord power(String idOrName, String action, Integer timeoutSeconds, Principal caller) {
        Vm vm = find(idOrName, caller);
        ready(vm);
        if (vm.hostId() == null) throw new VmConflict("VM " + vm.name() + " has no host (its create failed); delete it");
        if (Observed.of(vm.observed()).isFault() && !AgentCommand.FORCE_STOP.equals(action)) {
            throw new VmConflict("VM " + vm.name() + " stopped running: " + VmFaults.words(vm.observedReason()) + ". Only a force-stop "
                    + "brings it back: force-stop it (POST /api/v1/vms/" + vm.id() + "/force-stop), then start it");
        }
        ObjectNode params = mapper.createObjectNode();
        params.put("timeout_seconds", VmRequests.stopTimeout(timeoutSeconds, (int) settings.stopTimeout().toSeconds()));
        Vm.Desired desired = switch (action) {
            case AgentCommand.STOP, AgentCommand.FORCE_STOP -> Vm.Desired.STOPPED;
            case AgentCommand.SUSPEND -> Vm.Desired.PAUSED;
            default -> Vm.Desired.RUNNING;
        };
        store.setDesired(vm.id(), desired);
        return tasks.submit(action, vm.id(), vm.project(), vm.hostId(), ACTION_DEADLINE, params.toString());
    }

    synchronized TaskRecord resize(String idOrName, Integer cpus, Long memoryMib, Principal caller) {
        Vm vm = find(idOrName, caller);
        ready(vm);
        if (cpus == null && memoryMib == null) throw new InvalidRequest("give cpus, memory_mib or both");
        int newCpus = cpus == null ? vm.cpus() : VmRequests.cpus(cpus);
        long newMemory = memoryMib == null ? vm.memoryMib() : VmRequests.memoryMib(memoryMib);
        if (vm.hostId() == null) throw new VmConflict("VM " + vm.name() + " has no host (its create failed); delete it");
        if (Observed.of(vm.observed()) != Observed.STOPPED) {
            throw new VmConflict("VM " + vm.name() + " is resized while stopped; stop it first");
        }
        // Growth is checked against the project's quota now; the new size is stored when the task ends.
        Project.Quota more = new Project.Quota(0L, (long) newCpus - vm.cpus(), newMemory - vm.memoryMib(), 0L);
        store.jdbi().useTransaction(h -> projects.checkQuota(h, vm.project(), more));
        ObjectNode params = mapper.createObjectNode().put("cpus", newCpus).put("memory_mib", newMemory)
                .put("old_cpus", vm.cpus()).put("old_memory_mib", vm.memoryMib());
        return tasks.submit(VmTaskKinds.RESIZE, vm.id(), vm.project(), vm.hostId(), ACTION_DEADLINE, params.toString());
    }

    /** Deletes the VM; asked again while it is being deleted, answers with the running delete. */
    synchronized TaskRecord delete(String idOrName, Principal caller) {
        Vm vm = find(idOrName, caller);
        if (vm.phase() == Vm.Phase.DELETING) {
            List<TaskRecord> running = tasks.page(null, null, vm.id(), TaskStatus.RUNNING, null, 1);
            if (!running.isEmpty()) return running.get(0);
        }
        ready(vm);
        store.setPhase(vm.id(), Vm.Phase.DELETING, Vm.Desired.DELETED, null);
        ObjectNode params = mapper.createObjectNode().put("name", vm.name());
        return tasks.submit(VmTaskKinds.DELETE, vm.id(), vm.project(), vm.hostId(), DELETE_DEADLINE, params.toString());
    }

    /** The VM by id or name, if {@code caller} may see it (others' VMs are not revealed: 404). */
    Vm find(String idOrName, Principal caller) {
        return store.get(idOrName).or(() -> store.byName(idOrName)).filter(vm -> caller.inProject(vm.project()))
                .orElseThrow(() -> new VmNotFound(idOrName));
    }


    private void ready(Vm vm) {
        if (vm.phase() == Vm.Phase.CREATING && tasks.busy(vm.id())) throw new VmConflict("VM " + vm.name() + " is being created");
        if (vm.phase() == Vm.Phase.DELETING) throw new VmConflict("VM " + vm.name() + " is being deleted");
        if (tasks.busy(vm.id())) throw new VmConflict("another task is at work on VM " + vm.name() + "; see GET /api/v1/tasks?vm=" + vm.id());
    }

    private static long gibCeil(long bytes) {
        return (bytes + (1L << 30) - 1) >> 30;
    }
}
