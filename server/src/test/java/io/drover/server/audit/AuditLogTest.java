package io.drover.server.audit;

import java.util.stream.LongStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write-behind queue with a stand-in store: batches in order, waits (never drops) when full, flushes at close. */
class AuditLogTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<AuditRecord> stored = Collections.synchronizedList(new ArrayList<>());

    static AuditRecord record(int n) {
        return new AuditRecord(null, n, "admin", "user", null, null, null, "credential", "127.0.0.1", "POST",
                "/api/v1/vms/{id}/stop", "vm-" + n, "/api/v1/vms/vm-" + n + "/stop", 202, "ok", null);
    }

    double count(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void recordsAreStoredInBatchesInTheOrderRecorded() {
        AtomicInteger batches = new AtomicInteger();
        AuditLog log = new AuditLog(rs -> {
            batches.incrementAndGet();
            stored.addAll(rs);
        }, 10_000, Duration.ofSeconds(1), registry);
        for (int i = 0; i < 2000; i++) log.append(record(i));
        assertThat(log.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(stored).extracting(AuditRecord::atMs).containsExactlyElementsOf(
                LongStream.range(0, 2000).boxed().toList());
        assertThat(batches.get()).isLessThan(2000);
        assertThat(count("drover.audit.records")).isEqualTo(2000);
        log.close();
    }

    /** A store that keeps what it is given only once {@code release} opens: the writer is stuck until then. */
    AuditLog.Sink storeAfter(CountDownLatch release) {
        return rs -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stored.addAll(rs);
        };
    }

    @Test
    void aFullQueueMakesTheRequestWaitAndCountsItInsteadOfDroppingTheRecord() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AuditLog log = new AuditLog(storeAfter(release), 2, Duration.ofSeconds(10), registry);
        log.append(record(0));
        Thread.sleep(200);
        log.append(record(1));
        log.append(record(2));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> log.append(record(3)));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("drover.audit.queue.full") == 1);
        assertThat(waiting).isNotDone();
        release.countDown();
        waiting.get(5, TimeUnit.SECONDS);
        assertThat(log.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(stored).extracting(AuditRecord::atMs).containsExactly(0L, 1L, 2L, 3L);
        assertThat(count("drover.audit.lost")).isZero();
        log.close();
    }

    @Test
    void aRecordStillWithoutRoomAfterTheWaitIsCountedAsLostNotSilentlyDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AuditLog log = new AuditLog(storeAfter(release), 1, Duration.ofMillis(100), registry);
        log.append(record(0));
        Thread.sleep(200);
        log.append(record(1));
        log.append(record(2));
        assertThat(count("drover.audit.queue.full")).isEqualTo(1);
        assertThat(count("drover.audit.lost")).isEqualTo(1);
        release.countDown();
        assertThat(log.flush(Duration.ofSeconds(5))).as("a lost record does not hold up flush").isTrue();
        assertThat(stored).extracting(AuditRecord::atMs).containsExactly(0L, 1L);
        log.close();
    }

    @Test
    void closeStoresWhatIsQueuedAndAFailingStoreIsRetried() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        AuditLog log = new AuditLog(rs -> {
            if (failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("store down");
            stored.addAll(rs);
        }, 10_000, Duration.ofSeconds(1), registry);
        for (int i = 0; i < 50; i++) log.append(record(i));
        log.close();
        assertThat(stored).hasSize(50);
        log.append(record(99));
        assertThat(stored).as("after close a record is stored at once").hasSize(51);
    }
}
