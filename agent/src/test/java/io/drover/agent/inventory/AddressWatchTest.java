package io.drover.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.agent.libvirt.DomainChange;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.GuestIp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AddressWatchTest {
    private static final String ID = "0f8b5a0e-3c1d-4a5b-9e7f-112233445566";

    /** Reads every 20 ms after a start: nothing, then the lease, then lease and ARP; each change is sent once, then it stops. */
    @Test
    void aStartedGuestsAddressesAreSentAsTheyAppearThenTheWatchEnds() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        List<List<GuestIp>> seen = List.of(List.of(), List.of(new GuestIp("10.0.0.5", "lease")),
                List.of(new GuestIp("10.0.0.5", "lease"), new GuestIp("10.0.0.5", "arp")));
        List<Object> sent = new CopyOnWriteArrayList<>();
        try (AddressWatch watch = new AddressWatch(uuid -> {
            int n = reads.getAndIncrement();
            return new DomainReport(uuid, "web-1", DomainReport.RUNNING, null, 1, 256L, seen.get(Math.min(n / 3, 2)));
        }, sent::add, Duration.ofMillis(20), Duration.ofSeconds(10))) {
            watch.accept(new DomainChange("web-1", ID, "STARTED", "BOOTED", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
            int stoppedAt = reads.get();
            Thread.sleep(300);
            assertThat(reads.get()).as("no reads once the addresses settled").isLessThanOrEqualTo(stoppedAt + 6);
        }
        DomainEvent first = (DomainEvent) sent.get(0), second = (DomainEvent) sent.get(1);
        assertThat(first.event()).isEqualTo(AddressWatch.EVENT);
        assertThat(first.domain().ips()).containsExactly(new GuestIp("10.0.0.5", "lease"));
        assertThat(second.domain().ips()).hasSize(2);
    }

    @Test
    void aStoppedGuestIsNoLongerWatched() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (AddressWatch watch = new AddressWatch(uuid -> {
            reads.incrementAndGet();
            return new DomainReport(uuid, "web-1", DomainReport.RUNNING, null, 1, 256L, List.of());
        }, e -> {}, Duration.ofMillis(20), Duration.ofSeconds(10))) {
            watch.accept(new DomainChange("web-1", ID, "STARTED", "BOOTED", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 2);
            watch.accept(new DomainChange("web-1", ID, "STOPPED", "SHUTDOWN", 2));
            int at = reads.get();
            Thread.sleep(200);
            assertThat(reads.get()).isLessThanOrEqualTo(at + 1);
        }
    }
}
