package io.drover.server.vms;

import java.util.Optional;
import java.util.Set;

/**
 * What the in-guest trackers report of VMs' addresses. A VM's address is taken from the tracker
 * of the machine whose SMBIOS UUID is the VM's id, only when that tracker reports with a
 * registration token of the VM's project: never from an anonymous heartbeat or another project's.
 */
public interface TrackedIps {
    /** The IPv4 the online tracker of machine {@code uuid} in {@code project} last reported. */
    Optional<String> ipOf(String project, String uuid);

    /**
     * The UUIDs (lower case) of online machines of {@code projects} (null: all) whose tracker
     * reports an address beginning with {@code prefix}; whether each is a VM of the same project
     * is for the caller to check.
     */
    Set<String> idsAddressed(String prefix, Set<String> projects);
}
