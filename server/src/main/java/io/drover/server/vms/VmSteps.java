package io.drover.server.vms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.ImageRef;
import io.drover.protocol.link.NicSpec;
import io.drover.protocol.link.VmSpec;
import io.drover.server.networks.Networks;
import io.drover.server.placement.Decision;
import io.drover.server.store.Columns;
import io.drover.server.placement.Placement;
import io.drover.server.placement.PlacementPolicy;
import io.drover.server.tasks.Step;
import io.drover.server.tasks.StepFailed;
import io.drover.server.tasks.TaskRun;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/** The steps VM tasks are made of: place, run an action on the host, forget the VM. */
final class VmSteps {
    private final VmStore store;
    private final Networks networks;
    private final VmStates states;
    private final Placement placement;
    private final HostCommands commands;
    private final ImageLookup images;
    private final VmSettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;

    VmSteps(VmStore store, VmStates states, Placement placement, HostCommands commands, ImageLookup images, Networks networks,
            VmSettings settings, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.networks = networks;
        this.states = states;
        this.placement = placement;
        this.commands = commands;
        this.images = images;
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Chooses the host and holds the VM's resources on it; undone by releasing them. */
    Step place(String vmId) {
        return new Step() {
            @Override
            public String name() {
                return "place";
            }

            @Override
            public void run(TaskRun run) throws StepFailed {
                Vm vm = vm(vmId);
                if (vm.hostId() != null) return; // placed before a restart
                Decision decision = placement.place(new PlacementPolicy.Demand(vm.project(), vm.cpus(), vm.memoryMib(), vm.diskGib()),
                        vm.pinnedHost(), (h, hostId) -> store.assignHost(h, vmId, hostId));
                run.decision(new Columns(mapper).json(decision));
                if (!decision.placed()) {
                    int unlisted = decision.rejectedCount() - decision.rejected().size();
                    String why = decision.rejectedCount() == 0 ? "there are no hosts"
                            : decision.rejected().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                                    .collect(Collectors.joining("; ")) + (unlisted > 0 ? "; and " + unlisted + " more" : "");
                    throw new StepFailed("no host can take this VM (" + why + ")");
                }
                run.hostId(decision.hostId());
            }

            @Override
            public void compensate(TaskRun run) {
                store.releaseHost(vmId);
            }
        };
    }

    /**
     * Runs {@code action} on the VM's host. A create shows the agent's own steps and, when undone,
     * asks the host to delete whatever it may still have (the agent undoes a failed create itself;
     * this covers a host that stopped answering).
     */
    Step onHost(String vmId, String action) {
        return onHost(vmId, action, true);
    }

    /** The host's create, ending with the start unless {@code start} is false. */
    Step create(String vmId, boolean start) {
        return onHost(vmId, AgentCommand.CREATE, start);
    }

    private Step onHost(String vmId, String action, boolean start) {
        boolean create = AgentCommand.CREATE.equals(action);
        List<String> shown = !create ? List.of(action) : start ? AgentCommand.CREATE_STEPS
                : AgentCommand.CREATE_STEPS.stream().filter(s -> !s.equals(AgentCommand.STEP_START)).toList();
        return new Step() {
            @Override
            public String name() {
                return shown.get(0);
            }

            @Override
            public List<String> shows() {
                return shown;
            }

            @Override
            public void run(TaskRun run) throws StepFailed, InterruptedException {
                Vm vm = vm(vmId);
                if (vm.hostId() == null) {
                    if (AgentCommand.DELETE.equals(action)) return; // never placed: nothing on any host
                    throw new StepFailed("the VM has no host");
                }
                CommandResult result = commands.execute(run, vm.hostId(), action, spec(vm, run, start));
                if (result.domain() != null && !AgentCommand.DELETE.equals(action)) {
                    // Through the same door as the host's reports, so the change has its event whichever comes first.
                    states.record(vm(vmId), result.domain().state(), result.domain().reason(), result.domain().ips(), clock.millis());
                }
            }

            @Override
            public void compensate(TaskRun run) throws StepFailed {
                if (!create) return;
                Vm vm = store.get(vmId).orElse(null);
                String hostId = vm != null && vm.hostId() != null ? vm.hostId() : run.task().hostId();
                if (vm != null && hostId != null) commands.sendAndForget(hostId, AgentCommand.DELETE, spec(vm, run, true));
            }
        };
    }

    /** Removes the VM's row (and so its allocation) once its host has deleted it. */
    Step forget(String vmId) {
        return new Step() {
            @Override
            public String name() {
                return "forget";
            }

            @Override
            public void run(TaskRun run) {
                store.delete(vmId);
            }
        };
    }

    /** Checks that the VM is stopped and its host has room for the new size, then stores it; undone by storing the old size. */
    Step resize(String vmId, int cpus, long memoryMib, int oldCpus, long oldMemoryMib) {
        return new Step() {
            @Override
            public String name() {
                return "update_spec";
            }

            @Override
            public void run(TaskRun run) throws StepFailed {
                Vm vm = vm(vmId);
                if (Observed.of(vm.observed()) != Observed.STOPPED) {
                    throw new StepFailed("a VM is resized while stopped; it is " + vm.observed());
                }
                PlacementPolicy.Demand extra = new PlacementPolicy.Demand(null, Math.max(0, cpus - vm.cpus()),
                        Math.max(0, memoryMib - vm.memoryMib()), 0);
                Decision check = placement.place(extra, vm.hostId(), (h, hostId) -> store.resize(h, vmId, cpus, memoryMib));
                if (!check.placed()) {
                    throw new StepFailed("the host cannot take the new size: " + String.join("; ", check.rejected().values()));
                }
            }

            @Override
            public void compensate(TaskRun run) {
                store.resize(vmId, oldCpus, oldMemoryMib);
            }
        };
    }

    private Vm vm(String id) throws StepFailed {
        return store.get(id).orElseThrow(() -> new StepFailed("the VM is gone"));
    }

    VmSpec spec(Vm vm, TaskRun run, boolean start) throws StepFailed {
        ImageRef image = images.find(vm.imageId()).map(ImageLookup.Named::ref)
                .orElseThrow(() -> new StepFailed("the VM's image " + vm.imageId() + " is gone"));
        int timeout = (int) settings.stopTimeout().toSeconds();
        JsonNode params = params(run);
        if (params.has("timeout_seconds")) timeout = params.get("timeout_seconds").asInt(timeout);
        List<NicSpec> nics = networks.specsOf(vm.id());
        return new VmSpec(vm.id(), vm.name(), vm.cpus(), vm.memoryMib(), vm.diskGib(), image, vm.sshKeys(), vm.userData(), timeout,
                start ? null : Boolean.FALSE, nics.isEmpty() ? null : nics);
    }

    JsonNode params(TaskRun run) {
        return params(mapper, run.task().params());
    }

    /** A task's params as JSON (none: an empty object); throws when the stored text is not JSON. */
    static JsonNode params(ObjectMapper mapper, String json) {
        if (json == null) return mapper.createObjectNode();
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            // The server wrote these itself: unreadable ones are a broken store. Failing the task
            // loudly beats running it with defaults (a create with start=true, a resize to 0 CPUs).
            throw new IllegalStateException("the task's stored parameters are not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
