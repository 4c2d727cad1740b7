package io.drover.protocol;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the server's and the agent's background work: daemon threads (they never
 * keep a stopping process alive; each owner shuts its executor down itself) with names that say
 * what they do in a thread dump. Here because both binaries use it, not because it is wire format.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Every thread is called {@code name}: for single-thread executors. */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads called {@code prefix-1}, {@code prefix-2}, …: for pools. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + n.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
