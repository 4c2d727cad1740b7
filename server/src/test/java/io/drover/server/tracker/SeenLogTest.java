package io.drover.server.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.store.Database;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seen log on each store: appends, replay of the newest entry, compaction to a snapshot. */
class SeenLogTest {
    @TempDir
    Path tmp;

    static Machine machine(String hostname, long lastSeenMs) {
        return new Machine(hostname, "default", "10.0.0.1", "eth0", MachineStatus.ONLINE, 1, lastSeenMs, null, null, null, null, null, false);
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void replaysTheNewestEntryAndCompactsToOneSnapshot(TestStores store) {
        String fresh = store.freshUrl(tmp);
        try (Database db = Database.open(fresh == null ? Database.embeddedUrl(tmp) : fresh, null, null)) {
            SeenLog log = new SeenLog(db.jdbi());
            List<Machine> many = new ArrayList<>();
            for (int i = 0; i < 5000; i++) many.add(machine("host-" + i, 1000 + i));
            db.jdbi().useTransaction(h -> log.append(h, many)); // more than one row's worth
            db.jdbi().useTransaction(h -> log.append(h, List.of(machine("host-7", 99_999))));
            db.jdbi().useTransaction(h -> log.append(h, List.of(machine("host-7", 50_000)))); // older: never wins
            assertThat(SeenLog.latest(db.jdbi())).hasSize(5000).containsEntry("host-7", 99_999L).containsEntry("host-4999", 5999L);

            db.jdbi().useTransaction(h -> log.compact(h, List.of(machine("host-7", 100_000), machine("ünïcode-not-a-hostname", 5))));
            log.compacted();
            assertThat(SeenLog.latest(db.jdbi())).containsOnlyKeys("host-7", "ünïcode-not-a-hostname").containsEntry("host-7", 100_000L);
            int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM seen_log").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);

            SeenLog reopened = new SeenLog(db.jdbi()); // ids continue after the highest stored one
            db.jdbi().useTransaction(h -> reopened.append(h, List.of(machine("host-8", 7))));
            assertThat(SeenLog.latest(db.jdbi())).containsEntry("host-8", 7L);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void asksForCompactionAfterTwiceTheMachineCount(TestStores store) {
        String fresh = store.freshUrl(tmp);
        try (Database db = Database.open(fresh == null ? Database.embeddedUrl(tmp) : fresh, null, null)) {
            SeenLog log = new SeenLog(db.jdbi());
            List<Machine> batch = new ArrayList<>();
            for (int i = 0; i < 10_001; i++) batch.add(machine("h" + i, i));
            assertThat(log.wantsCompaction(100)).isFalse();
            db.jdbi().useTransaction(h -> log.append(h, batch));
            assertThat(log.wantsCompaction(100)).isTrue();
            assertThat(log.wantsCompaction(6000)).isFalse();
            log.compacted();
            assertThat(log.wantsCompaction(100)).isFalse();
        }
    }
}
