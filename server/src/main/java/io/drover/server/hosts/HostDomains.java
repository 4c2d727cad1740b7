package io.drover.server.hosts;

import io.drover.protocol.HostInfo;
import java.util.List;

/** What the VM feature tells the host routes about a host's domains. */
public interface HostDomains {
    /** Domains on the host that Drover did not create, as last reported. */
    List<HostInfo.ForeignDomain> foreign(String hostId);

    /** VMs placed on the host that a host delete would strand (all of them, deleted or not yet). */
    int vmsOn(String hostId);

    /** The host was removed (with force): its VMs hold nothing there any more and are in error. */
    void hostRemoved(String hostId);
}
