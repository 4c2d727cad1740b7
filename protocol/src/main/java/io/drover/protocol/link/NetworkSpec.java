package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A network as a host makes it. {@code kind}: {@code nat}, {@code isolated} and {@code routed} are
 * libvirt networks the agent defines (named after {@code name}, which is a checked DNS label) with
 * the host's address on the bridge being each IPv4 subnet's gateway; {@code bridge} is a bridge the
 * host has ({@code bridge}, with {@code vlan} tagged when given); {@code user} is QEMU's user-mode NIC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkSpec(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("bridge") String bridge,
        @JsonProperty("vlan") Integer vlan,
        @JsonProperty("subnets") List<SubnetSpec> subnets) {
    public static final String NAT = "nat", ISOLATED = "isolated", ROUTED = "routed", BRIDGE = "bridge", USER = "user";

    /** A subnet of a libvirt network: "10.20.0.0/24" and the host's address on it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubnetSpec(@JsonProperty("cidr") String cidr, @JsonProperty("gateway") String gateway) {}
}
