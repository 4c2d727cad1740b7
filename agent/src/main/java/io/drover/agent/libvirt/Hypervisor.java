package io.drover.agent.libvirt;

import io.drover.agent.retry.Backoff;
import io.drover.protocol.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.event.ConnectionCloseListener;
import org.libvirt.event.LifecycleListener;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one long-lived libvirt connection. libvirt's event loop runs on its own thread,
 * started before the first connection (libvirt requires that for events). Calls run on a few call
 * threads (libvirt's connections are thread-safe, and a slow domain start must not hold up the
 * define of another VM) and each is waited for with a timeout that counts from when it starts
 * running, so a hung libvirtd never hangs the agent and a busy agent does not fail healthy calls.
 * A call that finds the connection gone reconnects first; lifecycle listeners are registered
 * again on every new connection. Event callbacks only hand the event to the listeners'
 * executor: nothing blocks inside libvirt's callback. When libvirt closes the connection (libvirtd
 * restarted), the agent reconnects within a few seconds on its own rather than waiting for the
 * next call, and tells its connection listeners so they can report afresh.
 */
public final class Hypervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hypervisor.class);
    private static boolean eventLoopStarted;
    /**
     * libvirt prints every error to stderr unless told otherwise, including the expected ones
     * (no guest agent, no such domain). They reach the agent as exceptions anyway, so they are
     * only logged at debug. Held in a field: JNA callbacks must stay reachable.
     */
    private static final Libvirt.VirErrorCallback QUIET_ERRORS =
            (userData, error) -> log.debug("libvirt: {}", error == null ? "?" : error.message);

    /** How many call timeouts a call may wait for a free call thread. */
    private static final int QUEUE_WAITS = 8;

    /** A unit of work against the connection. */
    @FunctionalInterface
    public interface Call<T> {
        T run(Connect connect) throws LibvirtException;
    }

    private final String uri;
    private final Duration timeout;
    /** As many as the agent runs operations at once, plus one for inventories and facts. */
    static final int CALL_THREADS = 5;
    private final ExecutorService calls = Executors.newFixedThreadPool(CALL_THREADS, DaemonThreads.numbered("libvirt-calls"));
    private final ExecutorService notify = Executors.newSingleThreadExecutor(DaemonThreads.named("libvirt-events-out"));
    private final ScheduledExecutorService watch =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("libvirt-watch"));
    private final List<Consumer<DomainChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
    // Runs on libvirt's event loop: only hands off.
    private final ConnectionCloseListener closed = (conn, reason) -> {
        if (isShut()) return;
        log.warn("libvirt closed the connection to {} ({})", uri(), reason);
        try {
            calls.execute(this::dropIfDead);
        } catch (RejectedExecutionException e) {
            return; // closing
        }
        scheduleReconnect(0);
    };
    private final LifecycleListener lifecycle = (domain, event) -> {
        long at = System.currentTimeMillis();
        try {
            DomainChange change = new DomainChange(domain.getName(), domain.getUUIDString(), event.getType().name(),
                    String.valueOf(event.getDetail()), at);
            notify.execute(() -> listeners.forEach(l -> l.accept(change)));
        } catch (LibvirtException e) {
            log.warn("cannot read a domain event: {}", e.getMessage());
        }
        return 0;
    };
    private Connect connect; // guarded by this
    private volatile boolean shut;

    public Hypervisor(String uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        startEventLoop();
    }

    private static synchronized void startEventLoop() {
        if (eventLoopStarted) return;
        try {
            Connect.setErrorCallback(QUIET_ERRORS);
            Library.initEventLoop();
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot start libvirt's event loop: " + e.getMessage(), e);
        }
        Thread loop = DaemonThreads.named("libvirt-event-loop").newThread(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException | InterruptedException e) {
                log.error("libvirt's event loop stopped", e);
            }
        });
        loop.start();
        eventLoopStarted = true;
    }

    /** Runs {@code call} on the connection (connecting first if need be), within the timeout. */
    public <T> T call(String what, Call<T> call) throws HypervisorUnavailable {
        CountDownLatch running = new CountDownLatch(1);
        Future<T> result = calls.submit(() -> {
            running.countDown();
            return call.run(connection());
        });
        try {
            // Waiting for a free call thread is not libvirt's slowness; only a very long queue is an error.
            if (!running.await(timeout.toMillis() * QUEUE_WAITS, TimeUnit.MILLISECONDS)) {
                result.cancel(false);
                throw new HypervisorUnavailable(what + ": every libvirt call thread has been busy for "
                        + timeout.toMillis() * QUEUE_WAITS + " ms", null);
            }
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new HypervisorUnavailable(what + ": libvirt did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            calls.execute(this::dropIfDead);
            throw new HypervisorUnavailable(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorUnavailable(what + ": interrupted", e);
        }
    }

    public HypervisorFacts facts() throws HypervisorUnavailable {
        return call("reading host facts", c -> {
            NodeInfo node = c.nodeInfo();
            return new HypervisorFacts(HypervisorFacts.version(c.getLibVersion()), HypervisorFacts.version(c.getVersion()),
                    node.cpus, node.memory / 1024);
        });
    }

    public List<DomainState> domains() throws HypervisorUnavailable {
        return call("listing domains", c -> {
            List<DomainState> out = new ArrayList<>();
            for (Domain d : c.listAllDomains(0)) {
                try {
                    out.add(new DomainState(d.getName(), d.getUUIDString(), d.getInfo().state.name()));
                } finally {
                    d.free();
                }
            }
            return out;
        });
    }

    /** Listeners get every lifecycle event, on one thread, in order; they must not block for long. */
    public void onLifecycle(Consumer<DomainChange> listener) {
        listeners.add(listener);
    }

    /**
     * Listeners hear of every new connection (the first one and each reconnect), on the events
     * thread: events may have been missed meanwhile, so this is the moment to report everything.
     */
    public void onConnected(Runnable listener) {
        connectedListeners.add(listener);
    }

    private String uri() {
        return uri;
    }

    private boolean isShut() {
        return shut;
    }

    private synchronized Connect connection() throws LibvirtException {
        if (connect == null) {
            Connect fresh = new StateConnect(uri);
            try {
                fresh.setKeepAlive(5, 3);
                fresh.addLifecycleListener(lifecycle);
                fresh.registerCloseListener(closed);
            } catch (LibvirtException e) {
                fresh.close();
                throw e;
            }
            connect = fresh;
            log.info("connected to libvirt at {}", uri);
            notify.execute(() -> connectedListeners.forEach(Runnable::run));
        }
        return connect;
    }

    /** Tries to connect again after {@link Backoff#DEFAULT} for {@code attempt} (1 s, up to 30 s while libvirtd is away). */
    private void scheduleReconnect(int attempt) {
        if (shut) return;
        try {
            watch.schedule(() -> {
                try {
                    call("reconnecting", c -> null);
                } catch (HypervisorUnavailable e) {
                    log.warn("libvirt at {} still unavailable: {}", uri, e.getMessage());
                    scheduleReconnect(attempt + 1);
                }
            }, Backoff.DEFAULT.delay(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** After a failed call: forget the connection when it is gone, so the next call reconnects. */
    private synchronized void dropIfDead() {
        if (connect == null) return;
        try {
            if (connect.isAlive()) return;
        } catch (LibvirtException ignored) {
            // treated as dead
        }
        log.warn("lost the libvirt connection to {}; reconnecting on the next call", uri);
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        try {
            connect.unregisterCloseListener();
        } catch (LibvirtException ignored) {
            // the connection is gone already
        }
        try {
            connect.close();
        } catch (LibvirtException ignored) {
            // already gone
        }
        connect = null;
    }

    @Override
    public void close() {
        shut = true;
        watch.shutdownNow();
        calls.execute(() -> {
            synchronized (this) {
                if (connect != null) {
                    try {
                        connect.removeLifecycleListener(lifecycle);
                    } catch (LibvirtException ignored) {
                        // closing anyway
                    }
                    closeQuietly();
                }
            }
        });
        calls.shutdown();
        notify.shutdown();
        try {
            calls.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
