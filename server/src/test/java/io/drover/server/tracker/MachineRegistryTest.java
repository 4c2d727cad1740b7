package io.drover.server.tracker;

import java.util.Locale;
import java.util.Set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.events.Event;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventType;
import io.drover.server.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Liveness rules and events on the in-memory registry, with a clock the test moves. */
class MachineRegistryTest {
    final MutableClock clock = new MutableClock();
    final EventLog events = new EventLog(0);
    final MachineRegistry registry = new MachineRegistry(List.of(), events, clock);
    final LivenessPolicy policy = new LivenessPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(300));

    static Heartbeat beat(String hostname, Integer interval) {
        return new Heartbeat(hostname, "10.0.0.1", "eth0", null, interval, null, null, null);
    }

    List<EventType> eventTypes() {
        List<EventType> out = new ArrayList<>();
        for (Event e : events.drainUnsaved()) out.add(e.type());
        return out;
    }

    @Test
    void anUnchangedHeartbeatOnlyNeedsItsLastSeenWritten() {
        registry.heartbeat(beat("a", null), "default", false);
        assertThat(registry.drainDirty()).containsEntry("a", MachineRegistry.Change.CHANGED);
        clock.advance(Duration.ofSeconds(1));
        registry.heartbeat(beat("a", null), "default", false);
        assertThat(registry.drainDirty()).containsEntry("a", MachineRegistry.Change.SEEN);
        registry.heartbeat(beat("a", 30), "default", false);
        registry.heartbeat(beat("a", 30), "default", false);
        assertThat(registry.drainDirty()).as("a change and a repeat in one flush still write the change")
                .containsEntry("a", MachineRegistry.Change.CHANGED);
        clock.advance(Duration.ofSeconds(60));
        registry.markOffline(policy);
        registry.drainDirty();
        registry.heartbeat(beat("a", 30), "default", false);
        assertThat(registry.drainDirty()).as("back online is a status change").containsEntry("a", MachineRegistry.Change.CHANGED);
    }

    @Test
    void offlineAfterTheThresholdOnlineAgainOnTheNextHeartbeat() {
        registry.heartbeat(beat("a", null), "default", false);
        clock.advance(Duration.ofSeconds(20));
        assertThat(registry.markOffline(policy)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(registry.markOffline(policy)).isEqualTo(1);
        assertThat(registry.get("a").orElseThrow().status()).isEqualTo(MachineStatus.OFFLINE);
        assertThat(registry.markOffline(policy)).isZero();
        registry.heartbeat(beat("a", null), "default", false);
        assertThat(registry.get("a").orElseThrow().status()).isEqualTo(MachineStatus.ONLINE);
        assertThat(eventTypes()).containsExactly(EventType.REGISTERED, EventType.OFFLINE, EventType.ONLINE);
    }

    @Test
    void aThirtySecondTrackerDoesNotFlapAgainstTheTwentySecondDefault() {
        registry.heartbeat(beat("slow", 30), "default", false);
        clock.advance(Duration.ofSeconds(30));
        registry.markOffline(policy);
        assertThat(registry.get("slow").orElseThrow().status()).isEqualTo(MachineStatus.ONLINE);
        clock.advance(Duration.ofSeconds(15)); // 45 s = 1.5 x 30 s
        registry.markOffline(policy);
        assertThat(registry.get("slow").orElseThrow().status()).isEqualTo(MachineStatus.ONLINE);
        clock.advance(Duration.ofMillis(1));
        registry.markOffline(policy);
        assertThat(registry.get("slow").orElseThrow().status()).isEqualTo(MachineStatus.OFFLINE);
    }

    @Test
    void removedAfterTheRemovalAgeButNeverBeforeItsOfflineThreshold() {
        registry.heartbeat(beat("gone", null), "default", false);
        registry.heartbeat(beat("rare", 600), "default", false); // offline threshold 900 s > removal age 300 s
        clock.advance(Duration.ofSeconds(301));
        assertThat(registry.removeStale(policy)).isEqualTo(1);
        assertThat(registry.get("gone")).isEmpty();
        assertThat(registry.get("rare")).isPresent();
        clock.advance(Duration.ofSeconds(600));
        assertThat(registry.removeStale(policy)).isEqualTo(1);
        assertThat(registry.size()).isZero();
    }

    @Test
    void optionalFieldsAreKeptWhenAHeartbeatOmitsThem() {
        registry.heartbeat(new Heartbeat("m", "10.0.0.1", "eth0", "4c4c4544-0042-3510-8052-b4c04f4e3732", 30, List.of("10.0.0.1"), "Debian", "1.0"), "default", false);
        registry.heartbeat(beat("m", null), "default", false);
        Machine m = registry.get("m").orElseThrow();
        assertThat(m.uuid()).isEqualTo("4c4c4544-0042-3510-8052-b4c04f4e3732");
        assertThat(m.intervalSeconds()).isEqualTo(30);
        assertThat(m.os()).isEqualTo("Debian");
    }

    @Test
    void pagingFollowsHostnameOrderAndSkipsDeletedMachines() {
        for (String h : List.of("d", "b", "a", "c")) registry.heartbeat(beat(h, null), "default", false);
        assertThat(registry.delete("b")).isTrue();
        assertThat(registry.delete("b")).isFalse();
        assertThat(registry.page(null, 2, null, null, null)).extracting(Machine::hostname).containsExactly("a", "c");
        assertThat(registry.page("c", 2, null, null, null)).extracting(Machine::hostname).containsExactly("d");
        assertThat(registry.drainDirty()).containsOnlyKeys("a", "b", "c", "d");
        assertThat(registry.drainDirty()).isEmpty();
    }

    @Test
    void aHostnameBelongsToTheProjectThatRegisteredItAndListingsKeepToTheirProjects() {
        registry.heartbeat(beat("web", null), "shop", false);
        registry.heartbeat(beat("db", null), "default", false);
        assertThatThrownBy(() -> registry.heartbeat(beat("web", 30), "default", false)).isInstanceOf(MachineInOtherProject.class);
        assertThat(registry.get("web").orElseThrow().intervalSeconds()).as("unchanged by the refused heartbeat").isNull();
        assertThat(registry.page(null, 10, null, null, Set.of("shop"))).extracting(Machine::hostname).containsExactly("web");
        assertThat(registry.page(null, 10, null, null, Set.of())).isEmpty();
        assertThat(registry.page(null, 10, null, null, null)).extracting(Machine::project).containsExactly("default", "shop");
    }

    @Test
    void aMachineIsFoundByUuidOnlyInItsProjectAndOnlyWhileATokenVouchesForIt() {
        String uuid = "4c4c4544-0042-3510-8052-b4c04f4e3732";
        registry.heartbeat(withUuid("anon", uuid), "shop", false);
        assertThat(registry.byUuid("shop", uuid)).as("open registration vouches for nothing").isEmpty();
        registry.heartbeat(withUuid("web", uuid), "shop", true);
        registry.heartbeat(withUuid("other", uuid), "default", true);
        registry.heartbeat(withUuid("anon", uuid), "shop", false);
        assertThat(registry.byUuid("shop", uuid.toUpperCase(Locale.ROOT))).map(Machine::hostname).hasValue("web");
        assertThat(registry.byUuid("default", uuid)).map(Machine::hostname).hasValue("other");
        assertThat(registry.byUuid("nowhere", uuid)).isEmpty();

        registry.heartbeat(withUuid("web", uuid), "shop", false);
        assertThat(registry.byUuid("shop", uuid)).as("no longer vouched for").isEmpty();
        registry.heartbeat(withUuid("web", uuid), "shop", true);
        assertThat(registry.delete("web")).isTrue();
        assertThat(registry.byUuid("shop", uuid)).isEmpty();
    }

    static Heartbeat withUuid(String hostname, String uuid) {
        return new Heartbeat(hostname, "10.0.0.1", "eth0", uuid, null, null, null, null);
    }
}
