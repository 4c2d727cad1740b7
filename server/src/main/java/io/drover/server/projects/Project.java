package io.drover.server.projects;

import io.drover.protocol.identity.ProjectInfo;
import io.drover.server.http.Rfc3339;

/** A project: VMs and images belong to one; quotas bound what it may hold (null: no limit). */
public record Project(String name, String description, long createdMs, Quota quota) {
    /** Limits, or usage: VMs, vCPUs, memory and disk. */
    public record Quota(Long vms, Long vcpus, Long memoryMib, Long diskGib) {
        public static final Quota NONE = new Quota(null, null, null, null);

        ProjectInfo.Quota wire() {
            return new ProjectInfo.Quota(vms, vcpus, memoryMib, diskGib);
        }

        static Quota of(ProjectInfo.Quota wire) {
            return wire == null ? NONE : new Quota(wire.vms(), wire.vcpus(), wire.memoryMib(), wire.diskGib());
        }
    }

    ProjectInfo info(Quota usage) {
        return new ProjectInfo(name, description, quota.wire(), usage.wire(), Rfc3339.format(createdMs));
    }
}
