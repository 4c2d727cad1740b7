package io.drover.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

class ConsoleTicketsTest {
    final MutableClock clock = new MutableClock();
    final ConsoleTickets tickets = new ConsoleTickets(clock);

    String issue(String user) {
        return tickets.issue("vm-1", "default", "host-1", user, ConsoleKind.SERIAL);
    }

    @Test
    void aTicketIsGoodOnceForItsUserWithinItsLifetime() {
        String t = issue("olga");
        assertThat(t).startsWith(ConsoleTickets.PREFIX);
        assertThat(tickets.take(t, "olga")).hasValueSatisfying(ticket -> {
            assertThat(ticket.vmId()).isEqualTo("vm-1");
            assertThat(ticket.kind()).isEqualTo(ConsoleKind.SERIAL);
        });
        assertThat(tickets.take(t, "olga")).as("used").isEmpty();
    }

    @Test
    void anotherUsersTryUsesItUp() {
        String t = issue("olga");
        assertThat(tickets.take(t, "admin")).isEmpty();
        assertThat(tickets.take(t, "olga")).as("gone after the first try").isEmpty();
    }

    @Test
    void itExpires() {
        String t = issue("olga");
        clock.advance(ConsoleTickets.LIFETIME);
        assertThat(tickets.take(t, "olga")).isEmpty();
    }

    @Test
    void nothingElseIsATicket() {
        issue("olga");
        assertThat(tickets.take(null, "olga")).isEmpty();
        assertThat(tickets.take("", "olga")).isEmpty();
        assertThat(tickets.take("dat_notATicket", "olga")).isEmpty();
        assertThat(tickets.take(ConsoleTickets.PREFIX + "guess", "olga")).isEmpty();
    }
}
