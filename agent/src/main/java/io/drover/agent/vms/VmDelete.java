package io.drover.agent.vms;

import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.agent.networks.NicAttachments;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.util.Optional;

/**
 * Removes a VM from this host: destroys the domain if it runs, undefines it and deletes its
 * directory (disk, seed ISO, console log), and its NICs' DHCP reservations and DNS names. The cached base image stays. Deleting what is gone
 * succeeds.
 */
public final class VmDelete {
    private final DomainControl domains;
    private final VmFiles files;
    private final NicAttachments networks;

    public VmDelete(DomainControl domains, VmFiles files, NicAttachments networks) {
        this.domains = domains;
        this.files = files;
        this.networks = networks;
    }

    public void run(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        try {
            Optional<String> defined = domains.inactiveXml(id); // its NICs, read before it is gone
            domains.destroy(id);
            domains.undefine(id);
            defined.ifPresent(networks::detach);
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
