package io.drover.server.placement;

import java.util.Map;
import java.util.stream.IntStream;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.placement.PlacementPolicy.Candidate;
import io.drover.server.placement.PlacementPolicy.Demand;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {
    static final PlacementPolicy SPREAD = new PlacementPolicy(PlacementSettings.defaults());
    static final PlacementPolicy PACK = new PlacementPolicy(new PlacementSettings(PlacementSettings.Strategy.PACK, 4.0, 1.0, 512, 1.0));

    static Candidate host(String id, int cpus, long memMib, int allocCpus, long allocMem) {
        return new Candidate(id, "h-" + id, HostStatus.ONLINE, true, null, cpus, memMib, 100, allocCpus, allocMem, 0);
    }

    @Test
    void spreadPicksTheEmptiestHostAndPackTheFullestThatFits() {
        List<Candidate> hosts = List.of(host("a", 4, 8704, 8, 4096), host("b", 4, 8704, 0, 0), host("c", 4, 8704, 12, 7680));
        Demand vm = new Demand("p", 2, 1024, 10);
        assertThat(SPREAD.decide(vm, hosts, null).hostId()).isEqualTo("b");
        // c has 12 + 2 = 14 of 16 vCPUs and 7680 + 1024 = 8704 > 8192 MiB: rejected; a is the fullest that fits.
        Decision packed = PACK.decide(vm, hosts, null);
        assertThat(packed.hostId()).isEqualTo("a");
        assertThat(packed.rejected()).containsOnlyKeys("h-c (c)");
        assertThat(packed.rejected().get("h-c (c)")).startsWith("not enough memory");
    }

    @Test
    void cpuIsOvercommittedUpToTheRatioAndNotBeyond() {
        Candidate h = host("a", 2, 100_000, 7, 0);
        assertThat(SPREAD.decide(new Demand("p", 1, 64, 1), List.of(h), null).placed()).isTrue(); // 8 of 2 x 4.0
        Decision over = SPREAD.decide(new Demand("p", 2, 64, 1), List.of(h), null);
        assertThat(over.placed()).isFalse();
        assertThat(over.rejected().values()).singleElement().asString()
                .contains("not enough CPU: 7 of 8 vCPUs allocated (2 x 4), 2 asked");
    }

    @Test
    void memoryKeepsTheHostsReserveAndDiskItsSize() {
        Candidate h = new Candidate("a", "a", HostStatus.ONLINE, true, null, 8, 2048, 20, 0, 1024, 15);
        assertThat(SPREAD.decide(new Demand("p", 1, 512, 1), List.of(h), null).placed()).isTrue(); // 1024 + 512 <= 2048 - 512
        assertThat(SPREAD.decide(new Demand("p", 1, 513, 1), List.of(h), null).rejected().values())
                .singleElement().asString().startsWith("not enough memory");
        assertThat(SPREAD.decide(new Demand("p", 1, 64, 6), List.of(h), null).rejected().values())
                .singleElement().asString().startsWith("not enough disk");
    }

    @Test
    void offlineDisabledUnreportedAndUnpinnedHostsAreRejectedWithTheReason() {
        List<Candidate> hosts = List.of(
                new Candidate("off", "off", HostStatus.OFFLINE, true, null, 8, 8192, 100, 0, 0, 0),
                new Candidate("sus", "sus", HostStatus.SUSPECT, true, null, 8, 8192, 100, 0, 0, 0),
                new Candidate("dis", "dis", HostStatus.ONLINE, false, null, 8, 8192, 100, 0, 0, 0),
                new Candidate("new", "new", HostStatus.ONLINE, true, null, 0, 0, 0, 0, 0, 0),
                host("ok", 8, 8192, 0, 0),
                host("pin", 8, 8192, 4, 4096));
        Decision d = SPREAD.decide(new Demand("p", 1, 256, 1), hosts, null);
        assertThat(d.hostId()).isEqualTo("ok");
        assertThat(d.rejected()).containsEntry("off (off)", "host is offline").containsEntry("sus (sus)", "host is suspect")
                .containsEntry("dis (dis)", "host is disabled").containsEntry("new (new)", "host has not reported its resources yet");
        Decision pinned = SPREAD.decide(new Demand("p", 1, 256, 1), hosts, "pin");
        assertThat(pinned.hostId()).isEqualTo("pin");
        assertThat(pinned.rejected()).isEmpty();
        Decision pinnedOff = SPREAD.decide(new Demand("p", 1, 256, 1), hosts, "off");
        assertThat(pinnedOff.placed()).isFalse();
        assertThat(pinnedOff.rejected()).containsOnly(Map.entry("off (off)", "host is offline"));
    }

    @Test
    void aBigFleetListsTheFirstReasonsAndCountsTheRest() {
        List<Candidate> full = IntStream.range(0, 1000)
                .mapToObj(i -> new Candidate("h" + i, "h" + i, HostStatus.ONLINE, true, null, 1, 1024, 10, 4, 512, 10)).toList();
        Decision d = SPREAD.decide(new Demand("p", 1, 64, 1), full, null);
        assertThat(d.placed()).isFalse();
        assertThat(d.rejected()).hasSize(PlacementPolicy.MAX_REASONS);
        assertThat(d.rejectedCount()).isEqualTo(1000);
    }

    @Test
    void noHostsMeansNoPlacement() {
        Decision d = SPREAD.decide(new Demand("p", 1, 64, 1), List.of(), null);
        assertThat(d.placed()).isFalse();
        assertThat(d.rejected()).isEmpty();
        assertThat(d.strategy()).isEqualTo("spread");
    }

    @Test
    void aDedicatedHostTakesOnlyItsProjectsVmsAndSaysSoWithoutNamingThatProject() {
        Candidate shop = new Candidate("s", "s", HostStatus.ONLINE, true, "shop", 8, 8192, 100, 0, 0, 0);
        Decision outsider = SPREAD.decide(new Demand("other", 1, 256, 1), List.of(shop), null);
        assertThat(outsider.placed()).isFalse();
        assertThat(outsider.rejected().values()).containsExactly("host is dedicated to another project");
        assertThat(SPREAD.decide(new Demand("shop", 1, 256, 1), List.of(shop), null).hostId()).isEqualTo("s");
        assertThat(SPREAD.decide(new Demand(null, 1, 256, 1), List.of(shop), "s").placed()).as("more room on its own host").isTrue();
    }
}
