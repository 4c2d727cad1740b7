package io.drover.agent.facts;

import io.drover.agent.accel.Accelerator;
import io.drover.agent.libvirt.Hypervisor;
import io.drover.agent.libvirt.HypervisorFacts;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.link.HostFactsReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the host's facts ({@link HostFactsReport}) when the link opens and whenever they change,
 * checked every minute. Free disk is reported in whole GiB, so it changes rarely enough.
 */
public final class FactsReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FactsReporter.class);
    public static final Duration CHECK_EVERY = Duration.ofSeconds(60);

    private final HostFactsReader host;
    private final Hypervisor hypervisor;
    private final Supplier<Accelerator.Choice> accel;
    private final Consumer<Object> out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("facts"));
    private HostFactsReport lastSent; // only on the timer thread

    public FactsReporter(HostFactsReader host, Hypervisor hypervisor, Supplier<Accelerator.Choice> accel, Consumer<Object> out) {
        this.host = host;
        this.hypervisor = hypervisor;
        this.accel = accel;
        this.out = out;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> report(false), CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Something changed that is worth telling at once (the accelerator): send the facts if they changed. */
    public void changed() {
        timer.execute(() -> report(false));
    }

    /** The link opened: send the facts whether or not they changed. */
    public void linked() {
        timer.execute(() -> report(true));
    }

    private void report(boolean always) {
        HostFactsReport now;
        try {
            now = read();
        } catch (IOException | UncheckedIOException | HypervisorUnavailable e) {
            log.warn("cannot read host facts: {}", e.getMessage());
            return;
        }
        if (always || !Objects.equals(now, lastSent)) {
            out.accept(now);
            lastSent = now;
        }
    }

    public HostFactsReport read() throws IOException, HypervisorUnavailable {
        HostFacts h = host.read();
        HypervisorFacts hv = hypervisor.facts();
        Accelerator.Choice choice = accel.get();
        return new HostFactsReport(HostFactsReport.TYPE, h.hostname(), h.cpuModel(), h.cpus(), h.memoryMib(), h.diskTotalGib(),
                h.diskFreeGib(), hv.libvirtVersion(), hv.qemuVersion(), choice.accel(), choice.reason(), HostAddresses.read());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
