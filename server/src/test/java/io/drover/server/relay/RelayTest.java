package io.drover.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayTest {
    /** An end that keeps what it got; with {@code hold} its sends stay "in flight" (their callbacks not run). */
    static final class Recorder implements RelayEnd {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final List<String> closes = new ArrayList<>();
        boolean hold;

        @Override
        public synchronized void send(ByteBuffer data, Runnable done) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.write(b, 0, b.length);
            if (!hold) done.run();
        }

        @Override
        public synchronized void close(int code, String reason) {
            closes.add(code + " " + reason);
        }

        String text() {
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatTheUserTypesBeforeTheAgentDialsGoesFirstThenBytesFlowBothWays() {
        Recorder user = new Recorder(), agent = new Recorder();
        Relay relay = new Relay("r", "h", user);
        relay.fromUser(bytes("ls\r"));
        assertThat(relay.agentJoined(agent)).isTrue();
        relay.fromUser(bytes("pwd\r"));
        relay.fromAgent(bytes("/ # "));
        assertThat(agent.text()).isEqualTo("ls\rpwd\r");
        assertThat(user.text()).isEqualTo("/ # ");
        assertThat(relay.agentJoined(new Recorder())).as("one agent per relay").isFalse();
    }

    @Test
    void eitherClosePassesItsReasonToTheOtherEndOnce() {
        Recorder user = new Recorder(), agent = new Recorder();
        Relay relay = new Relay("r", "h", user);
        relay.agentJoined(agent);
        relay.close(4404, "the VM is not running");
        relay.close(1000, "again");
        assertThat(user.closes).containsExactly("4404 the VM is not running");
        assertThat(agent.closes).containsExactly("4404 the VM is not running");
        relay.fromAgent(bytes("late"));
        assertThat(user.text()).isEmpty();
        assertThat(relay.agentJoined(new Recorder())).isFalse();
    }

    @Test
    void tooMuchInputBeforeTheConsoleOpensEndsIt() {
        Recorder user = new Recorder();
        Relay relay = new Relay("r", "h", user);
        relay.fromUser(ByteBuffer.allocate(Relay.MAX_EARLY_BYTES + 1));
        assertThat(user.closes).singleElement().asString().startsWith("1009");
    }

    @Test
    void aUserWhoDoesNotKeepUpIsClosedRatherThanBufferedWithoutBound() {
        Recorder user = new Recorder(), agent = new Recorder();
        user.hold = true;
        Relay relay = new Relay("r", "h", user);
        relay.agentJoined(agent);
        int chunk = 1 << 20;
        for (long sent = 0; sent <= Relay.MAX_IN_FLIGHT_BYTES; sent += chunk) relay.fromAgent(ByteBuffer.allocate(chunk));
        assertThat(user.closes).singleElement().asString().startsWith("1008");
        assertThat(agent.closes).hasSize(1);
    }

    @Test
    void bytesThatLeftDoNotCountAgainstTheLimit() {
        Recorder user = new Recorder(), agent = new Recorder();
        Relay relay = new Relay("r", "h", user);
        relay.agentJoined(agent);
        for (int i = 0; i < 64; i++) relay.fromAgent(ByteBuffer.allocate(1 << 20));
        assertThat(user.closes).isEmpty();
    }

    @Test
    void closeCodesThatMayNotBeSentBecomeAnInternalError() {
        assertThat(WsEnd.sendable(1000)).isEqualTo(1000);
        assertThat(WsEnd.sendable(4404)).isEqualTo(4404);
        assertThat(WsEnd.sendable(1006)).as("the agent's connection dropped").isEqualTo(1011);
        assertThat(WsEnd.sendable(1005)).isEqualTo(1011);
        assertThat(WsEnd.sendable(1015)).isEqualTo(1011);
        assertThat(WsEnd.sendable(999)).isEqualTo(1011);
        assertThat(WsEnd.sendable(5000)).isEqualTo(1011);
    }
}
