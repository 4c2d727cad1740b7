package io.drover.server.vms;

import io.drover.protocol.link.GuestIp;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventType;
import io.drover.server.hosts.HostFleet;
import io.drover.server.store.Columns;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a host reported of a VM, wherever it came from (an inventory, a lifecycle event,
 * the result of a task's step): stores it and, when the state changed, says so in a
 * {@code vm_state} event, with the reason in words for a VM that stopped running by itself. Such a
 * VM under KVM, stopped for no reason given, marks its host with a warning (once) and a
 * {@code host_warning} event: it is how a KVM that cannot run guests shows.
 */
final class VmStates {
    private static final Logger log = LoggerFactory.getLogger(VmStates.class);

    private final VmStore store;
    private final EventLog events;
    private final HostFleet fleet;

    VmStates(VmStore store, EventLog events, HostFleet fleet) {
        this.store = store;
        this.events = events;
        this.fleet = fleet;
    }

    /** {@code ips} null keeps the stored ones. */
    void record(Vm vm, String reportedState, String reportedReason, List<GuestIp> ips, long now) {
        // As stored: longer ones would fail the write, or count as a change at every report.
        String state = Columns.clip(reportedState, 16), reason = Columns.clip(reportedReason, 32);
        boolean stateChanged = !Objects.equals(vm.observed(), state), reasonChanged = !Objects.equals(vm.observedReason(), reason);
        if (!stateChanged && !reasonChanged && (ips == null || Objects.equals(vm.ips(), ips))) return;
        store.observe(vm.id(), state, reason, ips, now);
        boolean fault = Observed.of(state).isFault();
        // A new reason is news only for a fault (stopped by shutdown, then by destroy, is still just stopped).
        if (!stateChanged && !(fault && reasonChanged)) return;
        String from = vm.observed() == null ? "new" : vm.observed();
        events.append(EventType.VM_STATE, vm.project(), vm.name(),
                from + " -> " + state + (fault ? ": " + VmFaults.words(reason) + "; " + VmFaults.ADVICE : ""), now);
        if (fault && VmFaults.blamesAccelerator(reason) && vm.hostId() != null) markHost(vm, now);
    }

    private void markHost(Vm vm, long now) {
        fleet.accel(vm.hostId()).filter(h -> "kvm".equals(h.accel())).ifPresent(h -> {
            String warning = "VM " + vm.name() + " stopped under KVM without a reason given (the mark of an emulation failure): "
                    + "this host's KVM may not run guests. Set its accelerator to tcg (PATCH /api/v1/hosts/" + vm.hostId()
                    + " {\"accel\":\"tcg\"}); its stopped VMs take it at their next start";
            if (fleet.warnOnce(vm.hostId(), warning)) {
                log.warn("host {}: {}", h.name(), warning);
                events.append(EventType.HOST_WARNING, null, h.name(), warning + " (host " + vm.hostId() + ")", now);
            }
        });
    }
}
