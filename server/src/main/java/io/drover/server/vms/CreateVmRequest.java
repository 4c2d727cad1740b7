package io.drover.server.vms;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.drover.server.networks.NicRequest;
import java.util.List;

/** The body of {@code POST /api/v1/vms}. */
record CreateVmRequest(
        @JsonProperty("name") String name,
        @JsonProperty("cpus") Integer cpus,
        @JsonProperty("memory_mib") Long memoryMib,
        @JsonProperty("disk_gib") Long diskGib,
        @JsonProperty("image") String image,
        @JsonProperty("ssh_keys") List<String> sshKeys,
        @JsonProperty("user_data") String userData,
        @JsonProperty("host") String host,
        @JsonProperty("start") Boolean start,
        @JsonProperty("project") String project,
        @JsonProperty("nics") List<NicRequest> nics) {}
