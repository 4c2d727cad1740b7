package io.drover.agent.inventory;

import io.drover.agent.libvirt.Domains;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.InventoryReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the full {@link InventoryReport} (every domain with state, size and IPs) on request and
 * every interval. Requests that come while one is waiting to run fold into it: a burst of
 * operations produces one report, not one each.
 */
public final class InventoryReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InventoryReporter.class);

    private final Domains domains;
    private final Consumer<Object> out;
    private final Duration interval;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("inventory"));

    public InventoryReporter(Domains domains, Consumer<Object> out, Duration interval) {
        this.domains = domains;
        this.out = out;
        this.interval = interval;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::request, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a fresh inventory soon (after the link opens, an operation ends, libvirt reconnects). */
    public void request() {
        if (pending.compareAndSet(false, true)) {
            try {
                timer.execute(this::send);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void send() {
        pending.set(false);
        try {
            out.accept(InventoryReport.of(read()));
        } catch (HypervisorUnavailable e) {
            // Nothing is sent rather than an empty list: an empty inventory would say every VM is gone.
            log.warn("cannot take the domain inventory: {}", e.getMessage());
        }
    }

    public List<DomainReport> read() throws HypervisorUnavailable {
        return domains.reportAll();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
