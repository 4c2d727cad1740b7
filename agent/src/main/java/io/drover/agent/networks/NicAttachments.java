package io.drover.agent.networks;

import io.drover.protocol.link.NicSpec;
import java.util.List;

/** What a VM's create and delete ask of the host's networks ({@link HostNetworks}). */
public interface NicAttachments {
    /** Nothing to make or remove: hosts whose VMs have only user-mode NICs, and tests. */
    NicAttachments NONE = new NicAttachments() {
        @Override
        public void attach(String vmName, List<NicSpec> nics) {}

        @Override
        public void detach(String domainXml) {}
    };

    /** Makes the networks the NICs sit on and each NIC's reservation and DNS name. */
    void attach(String vmName, List<NicSpec> nics) throws NetworkUnusable;

    /** Removes the reservations and names of the NICs in a domain's XML; what is gone already is fine. */
    void detach(String domainXml);
}
