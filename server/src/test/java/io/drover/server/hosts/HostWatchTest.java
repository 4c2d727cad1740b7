package io.drover.server.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.events.Event;
import io.drover.server.events.EventLog;
import io.drover.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host status events from the liveness watch, with a clock the test moves. */
class HostWatchTest {
    @TempDir
    Path tmp;
    Database db;
    HostStore store;
    EventLog events;
    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @BeforeEach
    void open() {
        db = Database.open(Database.embeddedUrl(tmp), null, null);
        store = new HostStore(db.jdbi());
        events = new EventLog(0);
    }

    @AfterEach
    void close() {
        db.close();
    }

    List<String> messages() {
        return events.drainUnsaved().stream().map(Event::message).map(m -> m.replaceAll(" \\(host .*\\)", "")).toList();
    }

    @Test
    void eachChangeOfStatusIsOneEventAndAJoinIsNoFlap() {
        HostWatch watch = new HostWatch(store, events, clock);
        db.jdbi().useHandle(h -> store.insert(h, new Host("h-1", "hv1", true, now.get(), null, 10_000, null), "x"));
        watch.check(); // primes: no events at start
        watch.check();
        assertThat(messages()).as("joined, not heartbeating yet").isEmpty();

        store.heartbeat("h-1", now.get(), 10_000);
        watch.check();
        assertThat(messages()).containsExactly("joined -> online");

        now.addAndGet(35_000); // 3 missed
        watch.check();
        watch.check();
        assertThat(messages()).containsExactly("online -> suspect");
        now.addAndGet(30_000); // 6 missed
        watch.check();
        assertThat(messages()).containsExactly("suspect -> offline");
        store.heartbeat("h-1", now.get(), 10_000);
        watch.check();
        assertThat(messages()).containsExactly("offline -> online");
    }

    @Test
    void aRestartedServerTakesTheStatusesAsTheyAre() {
        db.jdbi().useHandle(h -> store.insert(h, new Host("h-1", "hv1", true, now.get(), null, 10_000, null), "x"));
        store.heartbeat("h-1", now.get(), 10_000);
        HostWatch watch = new HostWatch(store, events, clock);
        watch.check();
        watch.check();
        assertThat(messages()).isEmpty();
    }
}
