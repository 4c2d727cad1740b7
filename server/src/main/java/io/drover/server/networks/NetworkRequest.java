package io.drover.server.networks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /api/v1/networks}. */
record NetworkRequest(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("project") String project,
        @JsonProperty("bridge") String bridge,
        @JsonProperty("vlan") Integer vlan,
        @JsonProperty("subnets") List<SubnetRequest> subnets) {}
