package io.drover.server.networks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A subnet as a caller asks for it (in a network's create, or added to one). */
record SubnetRequest(
        @JsonProperty("cidr") String cidr,
        @JsonProperty("gateway") String gateway,
        @JsonProperty("dns") List<String> dns,
        @JsonProperty("pools") List<PoolRequest> pools,
        @JsonProperty("excluded") List<String> excluded) {

    record PoolRequest(@JsonProperty("first") String first, @JsonProperty("last") String last) {}
}
