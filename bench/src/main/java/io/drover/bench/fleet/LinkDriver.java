package io.drover.bench.fleet;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every host's full inventory once per inventory period, spread evenly over the hosts, on
 * one thread (as each agent's own 5-minute timer would, started at different times). Heartbeats
 * are each host's own schedule ({@link SimHost#startHeartbeats}). Stops when told or at its
 * deadline, whichever comes first.
 */
final class LinkDriver implements Runnable {
    private final List<SimHost> hosts;
    private final long inventoryStepNs;
    private final long deadlineNs;
    private volatile boolean stopped;

    LinkDriver(List<SimHost> hosts, long inventoryNs, long deadlineNs) {
        this.hosts = hosts;
        this.inventoryStepNs = inventoryNs <= 0 ? 0 : Math.max(1, inventoryNs / hosts.size());
        this.deadlineNs = deadlineNs;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (inventoryStepNs == 0) return;
        // Each host reported on its welcome; the first timed ones come one period later.
        long nextInventory = System.nanoTime() + inventoryStepNs * hosts.size();
        int inv = 0;
        while (!stopped) {
            if (nextInventory - deadlineNs >= 0) return;
            long wait = nextInventory - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                continue;
            }
            hosts.get(inv).inventory();
            inv = (inv + 1) % hosts.size();
            nextInventory += inventoryStepNs;
        }
    }
}
