package io.drover.server.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.drover.server.http.Rfc3339;
import java.math.BigInteger;
import java.util.List;

/** A network as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NetworkView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("kind") String kind,
        @JsonProperty("bridge") String bridge,
        @JsonProperty("vlan") Integer vlan,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("subnets") List<SubnetView> subnets) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubnetView(
            @JsonProperty("id") String id,
            @JsonProperty("cidr") String cidr,
            @JsonProperty("gateway") String gateway,
            @JsonProperty("dns") List<String> dns,
            @JsonProperty("pools") List<Subnet.Pool> pools,
            @JsonProperty("excluded") List<String> excluded,
            @JsonProperty("size") BigInteger size,
            @JsonProperty("used") Integer used,
            @JsonProperty("held") List<Held> held) {}

    /** An address a NIC holds. */
    record Held(@JsonProperty("address") String address, @JsonProperty("mac") String mac, @JsonProperty("vm_id") String vmId,
                @JsonProperty("vm") String vm) {}

    static NetworkView of(Network n) {
        return new NetworkView(n.id(), n.name(), n.project(), n.kind().wire(), n.bridge(), n.vlan(), Rfc3339.format(n.createdMs()),
                n.subnets().stream().map(s -> subnet(s, null)).toList());
    }

    static SubnetView subnet(Subnet s, Networks.SubnetUse use) {
        return new SubnetView(s.id(), s.cidr(), s.gateway(), s.dns(), s.pools(), s.excluded(), use == null ? null : use.size(),
                use == null ? null : use.used(),
                use == null ? null : use.held().stream().map(h -> new Held(h.address(), h.mac(), h.vmId(), h.vmName())).toList());
    }
}
