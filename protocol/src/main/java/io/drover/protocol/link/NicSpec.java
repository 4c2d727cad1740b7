package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One NIC of a VM, as its host makes it: the MAC Drover chose, the network it sits on, and the
 * address it holds (null when its network has no subnets), with the subnet's prefix length,
 * gateway and DNS servers for the guest's network-config.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NicSpec(
        @JsonProperty("mac") String mac,
        @JsonProperty("network") NetworkSpec network,
        @JsonProperty("address") String address,
        @JsonProperty("prefix_length") Integer prefixLength,
        @JsonProperty("gateway") String gateway,
        @JsonProperty("dns") List<String> dns) {}
