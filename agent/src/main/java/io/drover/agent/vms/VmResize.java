package io.drover.agent.vms;

import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.VmSpec;

/**
 * New CPUs and memory for a stopped VM: its persistent definition is edited and defined again.
 * Refused while the domain is active (no hot-plug: what the guest sees must not change under it).
 */
public final class VmResize {
    private final DomainControl domains;

    public VmResize(DomainControl domains) {
        this.domains = domains;
    }

    public void run(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        SpecCheck.sizes(vm);
        try {
            String state = VmPower.existing(domains, id);
            if (!DomainReport.STOPPED.equals(state)) {
                throw new DomainRefused("VM " + id + " is " + state + "; stop it before resizing");
            }
            String xml = domains.inactiveXml(id).orElseThrow(() -> new DomainRefused("VM " + id + " vanished while resizing"));
            domains.define(DomainXml.resized(xml, vm.cpus(), vm.memoryMib()));
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        }
    }
}
