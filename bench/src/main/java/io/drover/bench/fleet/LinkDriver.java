package io.drover.bench.fleet;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every host's heartbeat once per interval and its full inventory once per inventory
 * period, each spread evenly over the hosts (1,000 hosts at 10 s: one heartbeat every 10 ms), on
 * one thread. Stops when told or at its deadline, whichever comes first.
 */
final class LinkDriver implements Runnable {
    private final List<SimHost> hosts;
    private final long heartbeatStepNs;
    private final long inventoryStepNs;
    private final long deadlineNs;
    private volatile boolean stopped;

    LinkDriver(List<SimHost> hosts, long heartbeatNs, long inventoryNs, long deadlineNs) {
        this.hosts = hosts;
        this.heartbeatStepNs = Math.max(1, heartbeatNs / hosts.size());
        this.inventoryStepNs = inventoryNs <= 0 ? 0 : Math.max(1, inventoryNs / hosts.size());
        this.deadlineNs = deadlineNs;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        // Each host heartbeated and reported on its welcome; the first timed ones come one interval later.
        long nextHeartbeat = start + heartbeatStepNs * hosts.size();
        long nextInventory = inventoryStepNs == 0 ? Long.MAX_VALUE : start + inventoryStepNs * hosts.size();
        int h = 0, inv = 0;
        while (!stopped) {
            long due = Math.min(nextHeartbeat, nextInventory);
            if (due - deadlineNs >= 0) return;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                continue;
            }
            if (nextHeartbeat <= nextInventory) {
                hosts.get(h).heartbeat();
                h = (h + 1) % hosts.size();
                nextHeartbeat += heartbeatStepNs;
            } else {
                hosts.get(inv).inventory();
                inv = (inv + 1) % hosts.size();
                nextInventory += inventoryStepNs;
            }
        }
    }
}
