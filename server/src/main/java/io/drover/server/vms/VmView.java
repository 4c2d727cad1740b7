package io.drover.server.vms;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.drover.protocol.EventInfo;
import io.drover.protocol.link.GuestIp;
import io.drover.server.tasks.TaskView;
import java.util.List;

/** A VM as the API shows it: spec, placement, desired and observed state, IPs with their source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record VmView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("status") String status,
        @JsonProperty("cpus") int cpus,
        @JsonProperty("memory_mib") long memoryMib,
        @JsonProperty("disk_gib") long diskGib,
        @JsonProperty("image") String image,
        @JsonProperty("host_id") String hostId,
        @JsonProperty("host") String host,
        @JsonProperty("desired") String desired,
        @JsonProperty("observed") String observed,
        @JsonProperty("observed_reason") String observedReason,
        @JsonProperty("observed_at") String observedAt,
        @JsonProperty("ip") String ip,
        @JsonProperty("ips") List<GuestIp> ips,
        @JsonProperty("error") String error,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("disks") List<Disk> disks,
        @JsonProperty("nics") List<Nic> nics,
        @JsonProperty("tasks") List<TaskView> tasks,
        @JsonProperty("events") List<EventInfo> events) {

    /** A NIC of the VM: its network, the MAC Drover chose and the address it holds from the network's pool. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Nic(@JsonProperty("network") String network, @JsonProperty("kind") String kind, @JsonProperty("mac") String mac,
               @JsonProperty("address") String address) {}

    /** A disk of the VM, as its host lays it out. */
    record Disk(@JsonProperty("device") String device, @JsonProperty("kind") String kind, @JsonProperty("size_gib") Long sizeGib) {}
}
