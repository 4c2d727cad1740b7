package io.drover.agent.vms;

import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;

/**
 * Removes a VM from this host: destroys the domain if it runs, undefines it and deletes its
 * directory (disk, seed ISO, console log). The cached base image stays. Deleting what is gone
 * succeeds.
 */
public final class VmDelete {
    private final DomainControl domains;
    private final VmFiles files;

    public VmDelete(DomainControl domains, VmFiles files) {
        this.domains = domains;
        this.files = files;
    }

    public void run(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        try {
            domains.destroy(id);
            domains.undefine(id);
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        }
        try {
            files.removeVmDir(id);
        } catch (IOException e) {
            throw new OperationFailed("VM " + id + " is undefined but its files could not be removed: " + e.getMessage(), e);
        }
    }
}
