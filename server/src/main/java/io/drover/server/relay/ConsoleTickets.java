package io.drover.server.relay;

import io.drover.server.identity.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time console tickets. A user with a console permission asks for one (an audited, CSRF-guarded
 * POST) and hands it to the relay's WebSocket; the ticket opens one console of one VM for that
 * user only, once, within {@link #LIFETIME}. Tickets are kept in memory by their hash: they live
 * for seconds, and the WebSocket that uses one lands on the server that issued it (one server per
 * store today).
 */
final class ConsoleTickets {
    static final Duration LIFETIME = Duration.ofSeconds(30);
    static final String PREFIX = "dct_";
    /** A bound on what unused tickets can hold; past it the oldest are not kept. */
    static final int MAX_PENDING = 10_000;

    record Ticket(String vmId, String project, String hostId, String userId, ConsoleKind kind, long expiresMs) {}

    private final Map<String, Ticket> byHash = new ConcurrentHashMap<>();
    private final Clock clock;

    ConsoleTickets(Clock clock) {
        this.clock = clock;
    }

    /** A new ticket's secret, shown once to its user. */
    String issue(String vmId, String project, String hostId, String userId, ConsoleKind kind) {
        long now = clock.millis();
        if (byHash.size() >= MAX_PENDING) byHash.values().removeIf(t -> t.expiresMs() <= now);
        if (byHash.size() >= MAX_PENDING) throw new TooManyConsoles("too many console tickets are waiting to be used; try again in "
                + LIFETIME.toSeconds() + " s");
        String secret = Secrets.newToken(PREFIX);
        byHash.put(Secrets.sha256Hex(secret), new Ticket(vmId, project, hostId, userId, kind, now + LIFETIME.toMillis()));
        return secret;
    }

    /**
     * The ticket, used up whatever the outcome: it is gone after the first try, so a ticket seen
     * by someone else (a log, a shoulder) is worth one failed attempt at most. Empty when it is
     * unknown, used, expired or not {@code userId}'s.
     */
    Optional<Ticket> take(String secret, String userId) {
        if (secret == null || !secret.startsWith(PREFIX)) return Optional.empty();
        Ticket ticket = byHash.remove(Secrets.sha256Hex(secret));
        if (ticket == null || ticket.expiresMs() <= clock.millis() || !ticket.userId().equals(userId)) return Optional.empty();
        return Optional.of(ticket);
    }
}
