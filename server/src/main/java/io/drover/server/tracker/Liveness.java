package io.drover.server.tracker;

import io.drover.protocol.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The two background jobs of the tracker: the status check and the cleanup of long-gone machines. */
final class Liveness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Liveness.class);

    private final MachineRegistry registry;
    private final LivenessPolicy policy;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tracker-liveness"));

    Liveness(MachineRegistry registry, LivenessPolicy policy) {
        this.registry = registry;
        this.policy = policy;
    }

    void start() {
        long check = policy.checkEvery().toMillis();
        long cleanup = policy.cleanupEvery().toMillis();
        timer.scheduleWithFixedDelay(() -> run("status check", () -> registry.markOffline(policy)), check, check, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> run("cleanup", () -> registry.removeStale(policy)), cleanup, cleanup, TimeUnit.MILLISECONDS);
    }

    private static void run(String job, IntSupplier work) {
        try {
            int changed = work.getAsInt();
            if (changed > 0) log.info("{}: {} machine(s) changed", job, changed);
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule.
            log.error("{} failed", job, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
