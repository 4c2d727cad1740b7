package io.drover.server.vms;

import io.drover.protocol.link.GuestIp;
import java.util.List;
import java.util.Locale;

/**
 * A VM as stored: its spec (desired), where it was placed, and what its host last reported
 * (observed). {@code phase} is null outside a create or delete. {@code observed} is a {@link io.drover.protocol.link.DomainReport} state, or null when
 * no report has come yet, {@code observedReason} libvirt's reason for it (see {@link VmFaults}).
 * {@code project} is the project it belongs to.
 */
record Vm(String id, String name, int cpus, long memoryMib, long diskGib, String imageId, List<String> sshKeys,
          String userData, String pinnedHost, String hostId, Desired desired, Phase phase, String observed,
          Long observedMs, List<GuestIp> ips, String error, long createdMs, String project, String observedReason) {

    /** CPUs, memory and disk as asked for. */
    record Size(int cpus, long memoryMib, long diskGib) {}

    /** A VM just asked for: being created, on no host yet, nothing observed. */
    static Vm requested(String id, String name, String project, Size size, String imageId, List<String> sshKeys, String userData,
                        String pinnedHost, Desired desired, long createdMs) {
        return new Vm(id, name, size.cpus(), size.memoryMib(), size.diskGib(), imageId, sshKeys, userData, pinnedHost, null, desired,
                Phase.CREATING, null, null, null, null, createdMs, project, null);
    }

    /** What the VM should be; stored and shown as the lower-case name. */
    enum Desired {
        RUNNING, STOPPED, PAUSED, DELETED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Desired fromWire(String wire) {
            for (Desired d : values()) if (d.wire().equals(wire)) return d;
            throw new IllegalStateException("unknown desired state " + wire);
        }
    }

    /** A create or delete under way; stored as the lower-case name, null when there is none. */
    enum Phase {
        CREATING, DELETING;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Phase fromWire(String wire) {
            if (wire == null) return null;
            for (Phase p : values()) if (p.wire().equals(wire)) return p;
            throw new IllegalStateException("unknown VM phase " + wire);
        }
    }
}
