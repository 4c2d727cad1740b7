package io.drover.agent.inventory;

import io.drover.agent.libvirt.DomainChange;
import io.drover.agent.libvirt.Domains;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.DomainReport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each libvirt lifecycle event into a {@link DomainEvent} with the domain's state after it
 * ({@code absent} once undefined). The state is read on a thread of its own, never on libvirt's
 * event thread. IPs are left out (unknown); the inventory carries them.
 */
public final class DomainEvents implements Consumer<DomainChange>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DomainEvents.class);

    private final Domains domains;
    private final Consumer<Object> out;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("domain-events"));

    public DomainEvents(Domains domains, Consumer<Object> out) {
        this.domains = domains;
        this.out = out;
    }

    @Override
    public void accept(DomainChange change) {
        try {
            worker.execute(() -> forward(change));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void forward(DomainChange change) {
        DomainReport domain;
        if ("UNDEFINED".equals(change.type())) {
            domain = new DomainReport(change.uuid(), change.name(), DomainReport.ABSENT, null, null, null, null);
        } else {
            try {
                domain = domains.report(change.uuid(), false);
                if (domain.name() == null) domain = new DomainReport(change.uuid(), change.name(), domain.state(), domain.reason(), null, null, null);
            } catch (HypervisorUnavailable e) {
                log.warn("event {} of {}: cannot read its state: {}", change.type(), change.name(), e.getMessage());
                domain = new DomainReport(change.uuid(), change.name(), DomainReport.OTHER, null, null, null, null);
            }
        }
        out.accept(new DomainEvent(DomainEvent.TYPE, domain, change.type(), change.detail(), change.atMs()));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
