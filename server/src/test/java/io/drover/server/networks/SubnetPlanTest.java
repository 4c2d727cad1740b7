package io.drover.server.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.http.InvalidRequest;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetPlanTest {
    private static Subnet subnet(String cidr, String gateway, List<SubnetRequest.PoolRequest> pools, List<String> excluded) {
        return SubnetPlan.check(new SubnetRequest(cidr, gateway, null, pools, excluded), NetworkKind.NAT, "s", "n");
    }

    @Test
    void picksTheLowestFreeAddressSkippingWhatIsNeverHandedOut() {
        SubnetPlan plan = new SubnetPlan(subnet("10.0.0.0/29", "10.0.0.1", null, List.of("10.0.0.3")));
        // The whole subnet: .1 to .6; .1 is the gateway, .3 excluded.
        assertThat(plan.subnet().pools()).containsExactly(new Subnet.Pool("10.0.0.1", "10.0.0.6"));
        assertThat(plan.poolSize()).isEqualTo(BigInteger.valueOf(4));
        Set<String> held = new HashSet<>();
        for (String expected : List.of("10.0.0.2", "10.0.0.4", "10.0.0.5", "10.0.0.6")) {
            String got = plan.pick(held).orElseThrow();
            assertThat(got).isEqualTo(expected);
            held.add(got);
        }
        assertThat(plan.pick(held)).isEmpty();
    }

    @Test
    void ipv6PoolsAreWalkedLazilyAndWrittenCompressed() {
        SubnetPlan plan = new SubnetPlan(subnet("FD00:0:0:1::/64", "fd00:0:0:1::1", null, null));
        assertThat(plan.subnet().cidr()).isEqualTo("fd00:0:0:1::/64");
        assertThat(plan.pick(Set.of("fd00:0:0:1::2"))).contains("fd00:0:0:1::3");
        assertThat(plan.poolSize()).isEqualTo(BigInteger.TWO.pow(64).subtract(BigInteger.valueOf(2)));
    }

    @Test
    void aRequestedAddressMustBeOneTheSubnetMayHandOut() {
        SubnetPlan plan = new SubnetPlan(subnet("10.0.0.0/24", "10.0.0.1", List.of(new SubnetRequest.PoolRequest("10.0.0.10", "10.0.0.20")),
                List.of("10.0.0.30")));
        assertThat(plan.claim("10.0.0.100")).isEqualTo("10.0.0.100"); // outside the pool, inside the subnet
        for (String refused : List.of("10.0.0.0", "10.0.0.255", "10.0.0.1", "10.0.0.30", "10.0.1.5", "fd00::1", "10.0.0.5/32", "host.example")) {
            assertThatThrownBy(() -> plan.claim(refused)).as(refused).isInstanceOf(InvalidRequest.class);
        }
    }

    @Test
    void poolsOfOneSubnetMayNotOverlap() {
        assertThatThrownBy(() -> subnet("10.0.0.0/24", "10.0.0.1", List.of(new SubnetRequest.PoolRequest("10.0.0.10", "10.0.0.20"),
                new SubnetRequest.PoolRequest("10.0.0.20", "10.0.0.30")), null)).hasMessageContaining("pools[1] overlaps");
    }
}
