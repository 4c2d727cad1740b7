package io.drover.server.hosts;

import io.drover.server.placement.HostStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.events.Event;
import io.drover.server.events.EventLog;
import io.drover.server.store.Database;
import io.drover.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    final MutableClock clock = new MutableClock();

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
        HostWatch watch = new HostWatch(store, HostLiveness.atStart(store, clock.millis()), events, clock);
        db.jdbi().useHandle(h -> store.insert(h, new Host("h-1", "hv1", null, true, clock.millis(), null, 10_000, null)));
        watch.check(); // primes: no events at start
        watch.check();
        assertThat(messages()).as("joined, not heartbeating yet").isEmpty();

        store.heartbeat("h-1", clock.millis(), 10_000);
        watch.check();
        assertThat(messages()).containsExactly("joined -> online");

        clock.advance(Duration.ofSeconds(35)); // 3 missed
        watch.check();
        watch.check();
        assertThat(messages()).containsExactly("online -> suspect");
        clock.advance(Duration.ofSeconds(30)); // 6 missed
        watch.check();
        assertThat(messages()).containsExactly("suspect -> offline");
        store.heartbeat("h-1", clock.millis(), 10_000);
        watch.check();
        assertThat(messages()).containsExactly("offline -> online");
    }

    @Test
    void aRestartedServerTakesTheStatusesAsTheyAre() {
        db.jdbi().useHandle(h -> store.insert(h, new Host("h-1", "hv1", null, true, clock.millis(), null, 10_000, null)));
        store.heartbeat("h-1", clock.millis(), 10_000);
        HostWatch watch = new HostWatch(store, HostLiveness.atStart(store, clock.millis()), events, clock);
        watch.check();
        watch.check();
        assertThat(messages()).isEmpty();
    }

    @Test
    void theServersOwnDowntimeIsNotHeldAgainstHostsThatWereOnline() {
        db.jdbi().useHandle(h -> {
            store.insert(h, new Host("up", "up", null, true, clock.millis(), null, 10_000, null));
            store.insert(h, new Host("gone", "gone", null, true, clock.millis(), null, 10_000, null));
        });
        store.heartbeat("gone", clock.millis(), 10_000);
        clock.advance(Duration.ofSeconds(120)); // "gone" stopped heartbeating long before the server stopped
        store.heartbeat("up", clock.millis(), 10_000);
        clock.advance(Duration.ofSeconds(45)); // the server was down 45 s: 4 intervals
        HostLiveness liveness = HostLiveness.atStart(store, clock.millis());
        HostWatch watch = new HostWatch(store, liveness, events, clock);
        watch.check();
        assertThat(liveness.of(store.get("up").orElseThrow(), clock.millis())).isEqualTo(HostStatus.ONLINE);
        assertThat(liveness.of(store.get("gone").orElseThrow(), clock.millis())).isEqualTo(HostStatus.OFFLINE);
        clock.advance(Duration.ofSeconds(25)); // its agent is still backing off
        watch.check();
        assertThat(messages()).isEmpty();
        clock.advance(Duration.ofSeconds(10)); // 35 s after the start and still silent: now it is suspect
        watch.check();
        assertThat(messages()).containsExactly("online -> suspect");
    }
}
