package io.drover.server.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written IPv4 fast path must never accept what the general address parser rejects. */
class HeartbeatParserTest {
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.12", "0.0.0.0", "255.255.255.255", "192.168.100.1", "1.2.3.4"})
    void acceptsPlainIpv4(String ip) {
        assertThat(HeartbeatParser.isDottedQuad(ip)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.", "1.2.3.4.5", "1..2.3", "1.2.3.1234",
            ".1.2.3", "1.2.3.4/24", "a.b.c.d", "1.2.3.-4", "::1", "1.2.3.4 ", "0x1.2.3.4", "1.2.3.00"})
    void leavesEverythingElseToTheGeneralParser(String ip) {
        assertThat(HeartbeatParser.isDottedQuad(ip)).isFalse();
    }

    @Test
    void agreesWithTheGeneralParserOnDigitsAndDots() {
        Random random = new Random(42);
        String alphabet = "0123456789.";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(16);
            for (int j = 0; j < length; j++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String ip = s.toString();
            IPAddressString general = new IPAddressString(ip, HeartbeatParser.LITERAL);
            boolean generalSaysIpv4 = general.isIPAddress() && general.isIPv4();
            assertThat(HeartbeatParser.isDottedQuad(ip)).as(ip).isEqualTo(generalSaysIpv4);
        }
    }

    @Test
    void parsesAHeartbeatWithTheFastPathAndIpv6Alike() {
        HeartbeatParser parser = new HeartbeatParser();
        assertThat(parser.parse("{\"hostname\":\"vm1\",\"ip_address\":\"10.0.0.12\"}".getBytes()).ipAddress()).isEqualTo("10.0.0.12");
        assertThat(parser.parse("{\"hostname\":\"vm1\",\"ip_address\":\"fe80::1\"}".getBytes()).ipAddress()).isEqualTo("fe80::1");
    }
}
