package io.drover.server.placement;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Places a VM: takes the hosts and their allocations inside one transaction that locks the host
 * rows (so two replicas on PostgreSQL take turns), lets {@link PlacementPolicy} choose, and
 * records the choice in the same transaction. Within one server a lock keeps the transactions
 * from racing for those row locks.
 */
public final class Placement {
    /** The hosts as placement candidates, their rows locked for the caller's transaction. */
    public interface Fleet {
        List<PlacementPolicy.Candidate> lockCandidates(Handle h, long nowMs);
    }

    /** Records that the VM now holds resources on {@code hostId}, inside the placement's transaction. */
    @FunctionalInterface
    public interface Assignment {
        void assign(Handle h, String hostId);
    }

    private final Jdbi jdbi;
    private final Fleet fleet;
    private final PlacementPolicy policy;
    private final Clock clock;

    public Placement(Jdbi jdbi, Fleet fleet, PlacementPolicy policy, Clock clock) {
        this.jdbi = jdbi;
        this.fleet = fleet;
        this.policy = policy;
        this.clock = clock;
    }

    public synchronized Decision place(PlacementPolicy.Demand demand, String pinnedHost, Assignment assignment) {
        return jdbi.inTransaction(h -> {
            Decision decision = policy.decide(demand, fleet.lockCandidates(h, clock.millis()), pinnedHost);
            if (decision.placed()) assignment.assign(h, decision.hostId());
            return decision;
        });
    }
}
