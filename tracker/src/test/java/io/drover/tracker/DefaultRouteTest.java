package io.drover.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DefaultRouteTest {

    // Copied from a VM with a libvirt NAT interface and a docker bridge; columns are tab-separated.
    private static final String ROUTE_TABLE = ""
            + "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
            + "ens3\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
            + "ens3\t007AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";

    @Test
    void findsTheDefaultRoutesInterface() {
        assertThat(DefaultRoute.interfaceIn(ROUTE_TABLE)).contains("ens3");
    }

    @Test
    void theLowestMetricWinsAndRoutesThatAreDownDoNotCount() {
        String table = ""
                + "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
                + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
                + "tun0\t00000000\t00000000\t0000\t0\t0\t0\t00000000\t0\t0\t0\n" // not RTF_UP
                + "eth1\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
                + "garbage line\n";

        assertThat(DefaultRoute.interfaceIn(table)).contains("eth1");
    }

    @Test
    void noDefaultRouteMeansNoInterface() {
        String table = ""
                + "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
                + "eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

        assertThat(DefaultRoute.interfaceIn(table)).isEmpty();
        assertThat(DefaultRoute.interfaceIn("")).isEmpty();
    }

    @Test
    void anUnreadableTableMeansNoInterface() {
        assertThat(DefaultRoute.interfaceOf(Path.of("/nonexistent/proc/net/route"))).isEmpty();
    }
}
