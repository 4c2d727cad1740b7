package io.drover.server.vms;

import io.drover.protocol.link.GuestIp;
import java.util.List;

/**
 * A VM as stored: its spec (desired), where it was placed, and what its host last reported
 * (observed). {@code desired}: running, stopped or deleted. {@code phase}: creating, deleting or
 * null. {@code observed} is a {@link io.drover.protocol.link.DomainReport} state, or null when
 * no report has come yet, {@code observedReason} libvirt's reason for it (see {@link VmFaults}).
 * {@code project} is the project it belongs to.
 */
record Vm(String id, String name, int cpus, long memoryMib, long diskGib, String imageId, List<String> sshKeys,
          String userData, String pinnedHost, String hostId, String desired, String phase, String observed,
          Long observedMs, List<GuestIp> ips, String error, long createdMs, String project, String observedReason) {

    static final String CREATING = "creating", DELETING = "deleting";
    static final String RUNNING = "running", STOPPED = "stopped", DELETED = "deleted";
}
