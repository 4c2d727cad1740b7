package io.drover.server.vms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.AgentCommand;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventType;
import io.drover.server.tasks.Step;
import io.drover.server.tasks.TaskPlan;
import io.drover.server.tasks.TaskRecord;
import io.drover.server.tasks.TaskRunner;
import io.drover.server.tasks.TaskStatus;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The VM task kinds and their plans: {@code create} (place, then the host's create steps),
 * {@code delete} (the host deletes, then the VM is forgotten), {@code resize} (check and store
 * the new size, then redefine) and one kind per power action. What each does when it ends is
 * here too: a create that failed leaves the VM in error with nothing held on any host.
 */
final class VmTaskKinds {
    static final String CREATE = "create", DELETE = "delete", RESIZE = "resize";
    /** Power actions: the API's name (with '-') to the agent's action. */
    static final List<String> POWER = List.of(AgentCommand.START, AgentCommand.STOP, AgentCommand.FORCE_STOP,
            AgentCommand.REBOOT, AgentCommand.SUSPEND, AgentCommand.RESUME);

    private final VmStore store;
    private final VmSteps steps;
    private final EventLog events;
    private final ObjectMapper mapper;
    private final Clock clock;

    VmTaskKinds(VmStore store, VmSteps steps, EventLog events, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.steps = steps;
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
    }

    void registerOn(TaskRunner runner) {
        runner.register(CREATE, this::create);
        runner.register(DELETE, this::delete);
        runner.register(RESIZE, this::resize);
        for (String action : POWER) runner.register(action, task -> plan(List.of(steps.onHost(task.vmId(), action)), t -> {}));
    }

    private TaskPlan create(TaskRecord task) {
        JsonNode params = params(task);
        List<Step> plan = List.of(steps.place(task.vmId()), steps.create(task.vmId(), params.path("start").asBoolean(true)));
        return plan(plan, t -> {
            Vm vm = store.get(t.vmId()).orElse(null);
            if (vm == null) return;
            if (t.status() == TaskStatus.SUCCEEDED) {
                store.setPhase(vm.id(), null, vm.desired(), null);
                events.append(EventType.VM_CREATED, vm.project(), vm.name(), "created on host " + t.hostId(), clock.millis());
            } else {
                store.setPhase(vm.id(), null, vm.desired(), "create " + t.status() + ": " + t.error());
                events.append(EventType.VM_FAILED, vm.project(), vm.name(), "create " + t.status() + ": " + t.error(), clock.millis());
            }
        });
    }

    private TaskPlan delete(TaskRecord task) {
        return plan(List.of(steps.onHost(task.vmId(), AgentCommand.DELETE), steps.forget(task.vmId())), t -> {
            if (t.status() == TaskStatus.SUCCEEDED) {
                // The VM is gone by now: the task keeps its project.
                events.append(EventType.VM_DELETED, t.project(), params(t).path("name").asText(t.vmId()), "deleted", clock.millis());
                return;
            }
            store.get(t.vmId()).ifPresent(vm -> {
                store.setPhase(vm.id(), null, Vm.Desired.STOPPED, "delete " + t.status() + ": " + t.error());
                events.append(EventType.VM_FAILED, vm.project(), vm.name(), "delete " + t.status() + ": " + t.error(), clock.millis());
            });
        });
    }

    private TaskPlan resize(TaskRecord task) {
        JsonNode p = params(task);
        return plan(List.of(
                steps.resize(task.vmId(), p.path("cpus").asInt(), p.path("memory_mib").asLong(), p.path("old_cpus").asInt(),
                        p.path("old_memory_mib").asLong()),
                steps.onHost(task.vmId(), AgentCommand.RESIZE)), t -> {});
    }

    private JsonNode params(TaskRecord task) {
        return VmSteps.params(mapper, task.params());
    }

    private static TaskPlan plan(List<Step> steps, Consumer<TaskRecord> onEnd) {
        return new TaskPlan() {
            @Override
            public List<Step> steps() {
                return steps;
            }

            @Override
            public void finished(TaskRecord task) {
                onEnd.accept(task);
            }
        };
    }
}
