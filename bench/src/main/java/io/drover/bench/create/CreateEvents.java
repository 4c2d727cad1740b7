package io.drover.bench.create;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseListener;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.libvirt.jna.Libvirt;

/**
 * The moment libvirt reports each domain running: its own connection to qemu:///system with a
 * lifecycle listener, libvirt's event loop started first on a daemon thread (as the agent's
 * {@code Hypervisor} does). The callback only takes {@link System#nanoTime()} and the UUID (read
 * from the event's domain object, no call to libvirtd) and completes a future, so it never
 * blocks the loop. Events rather than polling {@code virsh domstate}: an event arrives within
 * a millisecond or so of QEMU's CPUs starting, the same way for Drover's domains and the
 * floor's, and costs no CPU while waiting, where a 5 ms poll spawns 200 virsh processes a second
 * on a 2-core machine and quantizes every figure to 5 ms.
 */
final class CreateEvents implements AutoCloseable {
    static final String URI = "qemu:///system";
    private static boolean loopStarted;
    // JNA callbacks must stay reachable.
    private static final Libvirt.VirErrorCallback QUIET = (userData, error) -> {};

    /** The domain started but its event never came: the connection was lost meanwhile. The run is repeated. */
    static final class Lost extends Exception {
        Lost(String message) {
            super(message);
        }
    }

    /** When a domain started: nanoTime for intervals, epoch ms to line up with the server's step times. */
    record Started(long nanos, long epochMs) {}

    private volatile Connect connect;
    private final AtomicInteger losses = new AtomicInteger();
    private volatile boolean closing;
    // Runs on libvirt's loop: only hands the reconnect to a thread of its own.
    private final ConnectionCloseListener closed = (conn, reason) -> {
        if (closing) return;
        losses.incrementAndGet();
        System.err.println("libvirt closed the event connection (" + reason + "); reconnecting — runs in flight are repeated");
        Thread t = new Thread(this::reconnect, "libvirt-reconnect");
        t.setDaemon(true);
        t.start();
    };
    private final Map<String, CompletableFuture<Started>> started = new ConcurrentHashMap<>();
    private final LifecycleListener listener = (domain, event) -> {
        long nanos = System.nanoTime();
        long epochMs = System.currentTimeMillis();
        if (event.getType() == DomainEventType.STARTED) {
            try {
                future(domain.getUUIDString()).complete(new Started(nanos, epochMs));
            } catch (LibvirtException e) {
                System.err.println("cannot read the UUID of a started domain: " + e.getMessage());
            }
        }
        return 0;
    };

    CreateEvents() throws LibvirtException {
        // Loaded now: the callback runs on libvirt's loop and must not wait on class loading.
        new Started(0, 0).hashCode();
        future("00000000-0000-0000-0000-000000000000").complete(new Started(0, 0));
        startLoop();
        connect = open();
    }

    private Connect open() throws LibvirtException {
        Connect c = new Connect(URI);
        c.setKeepAlive(5, 3);
        c.addLifecycleListener(listener);
        c.registerCloseListener(closed);
        return c;
    }

    /** After libvirtd went away (someone restarted it): connect again within 60 s. */
    private void reconnect() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!closing && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1000);
                connect = open();
                return;
            } catch (LibvirtException e) {
                // not back yet
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("libvirt did not come back within 60 s");
    }

    /** How often the event connection was lost; a run during which this changed may have missed its event. */
    int losses() {
        return losses.get();
    }

    private static synchronized void startLoop() throws LibvirtException {
        if (loopStarted) return;
        Connect.setErrorCallback(QUIET);
        Library.initEventLoop();
        Thread loop = new Thread(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException | InterruptedException e) {
                System.err.println("libvirt's event loop stopped: " + e);
            }
        }, "libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
        loopStarted = true;
    }

    private CompletableFuture<Started> future(String uuid) {
        return started.computeIfAbsent(uuid.toLowerCase(Locale.ROOT), k -> new CompletableFuture<>());
    }

    /** When the domain with this UUID was reported started, waiting up to {@code timeoutMs}; null if not yet. */
    Started startedWithin(String uuid, long timeoutMs) throws Exception {
        try {
            return future(uuid).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** When the domain with this UUID was (or will be) reported started; throws after {@code timeoutMs}. */
    Started awaitStarted(String uuid, long timeoutMs) throws Exception {
        try {
            return future(uuid).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("libvirt did not report domain " + uuid + " started within " + timeoutMs + " ms");
        }
    }

    /** Creates and starts a transient domain on this connection (virDomainCreateXML). */
    void createTransient(String xml) throws LibvirtException {
        connect.domainCreateXML(xml, 0).free();
    }

    int hostCpus() throws LibvirtException {
        return connect.nodeInfo().cpus;
    }

    @Override
    public void close() {
        closing = true;
        try {
            connect.unregisterCloseListener();
            connect.removeLifecycleListener(listener);
            connect.close();
        } catch (LibvirtException e) {
            // the process ends next
        }
    }
}
