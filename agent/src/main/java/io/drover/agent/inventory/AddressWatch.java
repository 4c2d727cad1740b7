package io.drover.agent.inventory;

import io.drover.agent.libvirt.DomainChange;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.GuestIp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a guest's addresses as soon as it has them, rather than at the next inventory: after a
 * domain starts (or resumes), its addresses are read every {@code every} until they stop changing
 * after having appeared, for at most {@code patience}. A guest that takes its DHCP lease 4 s after
 * boot is shown with it about half a second later (the agent reads every 500 ms). Each change is sent as a {@link DomainEvent} of
 * type {@value #EVENT} with the domain's state and addresses.
 */
public final class AddressWatch implements Consumer<DomainChange>, AutoCloseable {
    public static final String EVENT = "ADDRESSES";
    private static final Logger log = LoggerFactory.getLogger(AddressWatch.class);

    /** A domain's state with its addresses, as the host reads it now. */
    @FunctionalInterface
    public interface Reader {
        DomainReport withAddresses(String uuid) throws HypervisorUnavailable;
    }

    private final Reader domains;
    private final Consumer<Object> out;
    private final Duration every;
    private final Duration patience;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("address-watch"));
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    private final class Watch {
        final String uuid;
        final long untilNanos;
        List<GuestIp> last = List.of();
        int steady;
        ScheduledFuture<?> task;

        Watch(String uuid, long untilNanos) {
            this.uuid = uuid;
            this.untilNanos = untilNanos;
        }
    }

    public AddressWatch(Reader domains, Consumer<Object> out, Duration every, Duration patience) {
        this.domains = domains;
        this.out = out;
        this.every = every;
        this.patience = patience;
    }

    @Override
    public void accept(DomainChange change) {
        switch (change.type()) {
            case "STARTED", "RESUMED" -> watch(change.uuid());
            case "STOPPED", "UNDEFINED", "CRASHED" -> stop(change.uuid());
            default -> { }
        }
    }

    private void watch(String uuid) {
        Watch w = new Watch(uuid, System.nanoTime() + patience.toNanos());
        Watch old = watches.put(uuid, w);
        if (old != null && old.task != null) old.task.cancel(false);
        try {
            w.task = timer.scheduleWithFixedDelay(() -> poll(w), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            watches.remove(uuid, w);
        }
    }

    private void stop(String uuid) {
        Watch w = watches.remove(uuid);
        if (w != null && w.task != null) w.task.cancel(false);
    }

    private void poll(Watch w) {
        if (System.nanoTime() > w.untilNanos) {
            stop(w.uuid);
            return;
        }
        try {
            DomainReport report = domains.withAddresses(w.uuid);
            List<GuestIp> ips = report.ips() == null ? List.of() : report.ips();
            if (!Objects.equals(ips, w.last)) {
                w.last = ips;
                w.steady = 0;
                out.accept(new DomainEvent(DomainEvent.TYPE, report, EVENT, null, System.currentTimeMillis()));
            } else if (!ips.isEmpty() && ++w.steady >= 5) {
                stop(w.uuid); // every source has answered the same five times running: the inventory takes it from here
            }
        } catch (HypervisorUnavailable e) {
            log.debug("addresses of {}: {}", w.uuid, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
