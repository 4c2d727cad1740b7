package io.drover.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesPlainText() {
        assertThat(Json.quote("vm-1")).isEqualTo("\"vm-1\"");
        assertThat(Json.quote("")).isEqualTo("\"\"");
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(Json.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(Json.quote("C:\\temp\\")).isEqualTo("\"C:\\\\temp\\\\\"");
        assertThat(Json.quote("a/b")).isEqualTo("\"a/b\"");
    }

    @Test
    void escapesEveryControlCharacter() {
        assertThat(Json.quote("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(Json.quote("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
        for (char c = 0; c < 0x20; c++) {
            String quoted = Json.quote(String.valueOf(c));
            assertThat(quoted.chars().skip(1).limit(quoted.length() - 2).allMatch(ch -> ch >= 0x20))
                    .as("U+%04X", (int) c).isTrue();
        }
    }

    @Test
    void keepsUnicodeAsIsButEscapesLoneSurrogates() {
        assertThat(Json.quote("h\u00f4te-\u65e5\u672c-\ud83d\ude80")).isEqualTo("\"h\u00f4te-\u65e5\u672c-\ud83d\ude80\"");
        assertThat(Json.quote("a\ud83db")).isEqualTo("\"a\\ud83db\"");
        assertThat(Json.quote("\ude80")).isEqualTo("\"\\ude80\"");
    }

    @Test
    void writesAnObjectInOrder() {
        String json = Json.object()
                .field("name", "a\"b")
                .field("count", 3)
                .field("list", List.of("x", "y\n"))
                .field("empty", List.of())
                .toString();

        assertThat(json).isEqualTo("{\"name\":\"a\\\"b\",\"count\":3,\"list\":[\"x\",\"y\\n\"],\"empty\":[]}");
        assertThat(Json.object().toString()).isEqualTo("{}");
    }

    @Test
    void readsTheServersMessage() {
        assertThat(Json.stringMember("{\"status\":\"error\",\"message\":\"invalid IP address\"}", "message"))
                .contains("invalid IP address");
        assertThat(Json.stringMember(" {\n \"details\": {\"message\": \"nested\"}, \"n\": -1.5e3, \"ok\": true,"
                + " \"x\": null, \"a\": [1, {\"b\": []}], \"message\" : \"say \\\"\\u00e9\\\" \\\\ \\/\"}\n", "message"))
                .contains("say \"\u00e9\" \\ /");
    }

    @Test
    void findsNothingInWhatIsNotAJsonObjectWithThatString() {
        assertThat(Json.stringMember("{\"status\":\"ok\"}", "message")).isEmpty();
        assertThat(Json.stringMember("{\"message\":42}", "message")).isEmpty();
        assertThat(Json.stringMember("<html>502 Bad Gateway</html>", "message")).isEmpty();
        assertThat(Json.stringMember("", "message")).isEmpty();
        assertThat(Json.stringMember("{\"message\":\"unterminated", "message")).isEmpty();
        assertThat(Json.stringMember("{\"message\":\"x\"} trailing", "message")).isEqualTo(Optional.empty());
        assertThat(Json.stringMember("[\"message\",\"x\"]", "message")).isEmpty();
    }

    @Test
    void heartbeatBodyHasTheWireFieldNames() {
        Heartbeat heartbeat = new Heartbeat("web \"1\"", "192.0.2.10", "eth0", Optional.empty(), 30,
                List.of("192.0.2.10", "2001:db8::1"), "Debian GNU/Linux 12 (bookworm)", "0.1.0");

        assertThat(heartbeat.toJson()).isEqualTo("{\"hostname\":\"web \\\"1\\\"\",\"ip_address\":\"192.0.2.10\","
                + "\"interface\":\"eth0\",\"interval_seconds\":30,\"ip_addresses\":[\"192.0.2.10\",\"2001:db8::1\"],"
                + "\"os\":\"Debian GNU/Linux 12 (bookworm)\",\"agent_version\":\"0.1.0\"}");
    }
}
