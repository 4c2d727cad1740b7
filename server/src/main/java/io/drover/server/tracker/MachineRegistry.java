package io.drover.server.tracker;

import io.drover.server.events.EventLog;
import io.drover.server.events.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The live set of tracked machines. Heartbeats and reads are served from memory (loaded from the
 * store at start); every change marks the hostname dirty and {@link MachineWriter} stores it
 * within its flush interval. Changes to one hostname happen inside that key's map lock, so the
 * sorted index and the events stay consistent with the map.
 */
public final class MachineRegistry {
    private final ConcurrentHashMap<String, Tracked> machines = new ConcurrentHashMap<>();
    /** Hostnames in order, for sorted listings and cursor paging. */
    private final ConcurrentSkipListSet<String> order = new ConcurrentSkipListSet<>();
    /** Hostnames changed since the last flush, with what the flush must write for each. */
    private final ConcurrentHashMap<String, Change> dirty = new ConcurrentHashMap<>();
    /**
     * Project and lower-case SMBIOS UUID to hostname, for vouched machines only (see
     * {@link Machine#vouched}): a Drover VM's tracker is found by the VM's id within the VM's
     * project, so a heartbeat from anywhere else that names the UUID can neither pose as the VM
     * nor hide its real tracker.
     */
    private final ConcurrentHashMap<String, String> byUuid = new ConcurrentHashMap<>();
    private final EventLog events;
    private final Clock clock;

    /**
     * What the store must write for a changed hostname: only its {@code last_seen} (the usual
     * heartbeat of a known machine, appended to the {@link SeenLog}), or the whole row, or its
     * deletion when the machine is gone by the time of the flush.
     */
    enum Change {
        SEEN, CHANGED;

        Change and(Change other) {
            return this == CHANGED || other == CHANGED ? CHANGED : SEEN;
        }
    }

    MachineRegistry(Collection<Machine> stored, EventLog events, Clock clock) {
        this.events = events;
        this.clock = clock;
        for (Machine m : stored) {
            machines.put(m.hostname(), new Tracked(m));
            order.add(m.hostname());
            index(null, m);
        }
    }

    /**
     * A heartbeat from a machine of {@code project}, {@code vouched} for by a registration token or
     * not; throws {@link MachineInOtherProject} for another project's hostname.
     */
    void heartbeat(Heartbeat hb, String project, boolean vouched) {
        long now = clock.millis();
        machines.compute(hb.hostname(), (hostname, slot) -> {
            Machine previous = slot == null ? null : slot.view();
            if (previous != null && !previous.project().equals(project)) throw new MachineInOtherProject(hostname);
            if (previous != null && previous.unchangedBy(hb, vouched)) {
                slot.lastSeenMs = now;
                mark(hostname, Change.SEEN);
                return slot;
            }
            if (previous == null) {
                order.add(hostname);
                events.append(EventType.REGISTERED, project, hostname, "registered from " + hb.ipAddress(), now);
            } else if (previous.status() == MachineStatus.OFFLINE) {
                events.append(EventType.ONLINE, project, hostname, "back online from " + hb.ipAddress(), now);
            }
            mark(hostname, Change.CHANGED);
            Machine next = Machine.from(hb, project, vouched, previous, now);
            index(previous, next);
            return new Tracked(next);
        });
    }

    Optional<Machine> get(String hostname) {
        Tracked slot = machines.get(hostname);
        return slot == null ? Optional.empty() : Optional.of(slot.view());
    }

    /** The online, vouched machine of {@code project} whose SMBIOS UUID is {@code uuid} (any case). */
    Optional<Machine> byUuid(String project, String uuid) {
        String hostname = byUuid.get(uuidKey(project, uuid));
        if (hostname == null) return Optional.empty();
        return get(hostname).filter(m -> m.vouched() && m.project().equals(project) && uuid.equalsIgnoreCase(m.uuid())
                && m.status() == MachineStatus.ONLINE);
    }

    /** The UUIDs (lower case) of online, vouched machines of {@code projects} (null: all) whose address begins with {@code prefix}. */
    Set<String> uuidsAddressed(String prefix, Set<String> projects) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, String> e : byUuid.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            if (projects != null && !projects.contains(key.substring(0, slash))) continue;
            String uuid = key.substring(slash + 1);
            get(e.getValue()).filter(m -> m.vouched() && m.status() == MachineStatus.ONLINE && uuid.equalsIgnoreCase(m.uuid())
                    && m.ipAddress() != null && m.ipAddress().startsWith(prefix)).ifPresent(m -> out.add(uuid));
        }
        return out;
    }

    /** Moves the UUID index from what {@code previous} (or null) was to what {@code next} (or null) is. */
    private void index(Machine previous, Machine next) {
        if (previous != null && previous.vouched() && previous.uuid() != null) {
            byUuid.remove(uuidKey(previous.project(), previous.uuid()), previous.hostname());
        }
        if (next != null && next.vouched() && next.uuid() != null) byUuid.put(uuidKey(next.project(), next.uuid()), next.hostname());
    }

    private static String uuidKey(String project, String uuid) {
        return project + '/' + uuid.toLowerCase(Locale.ROOT);
    }

    /** Forgets a machine on a user's request; false when it was not tracked. */
    boolean delete(String hostname) {
        return forget(hostname, EventType.DELETED, "deleted");
    }

    private boolean forget(String hostname, EventType type, String message) {
        boolean[] removed = {false};
        machines.computeIfPresent(hostname, (h, m) -> {
            order.remove(h);
            index(m.machine, null);
            mark(h, Change.CHANGED);
            events.append(type, m.machine.project(), h, message, clock.millis());
            removed[0] = true;
            return null;
        });
        return removed[0];
    }

    /**
     * Machines in hostname order after {@code afterHostname} (exclusive), filtered, at most
     * {@code limit}; only those in {@code projects} unless it is null.
     */
    List<Machine> page(String afterHostname, int limit, MachineStatus status, String query, Set<String> projects) {
        String needle = query == null ? null : query.toLowerCase(Locale.ROOT);
        Iterator<String> it = (afterHostname == null ? order : order.tailSet(afterHostname, false)).iterator();
        List<Machine> out = new ArrayList<>(Math.min(limit, 1024));
        while (out.size() < limit && it.hasNext()) {
            Tracked slot = machines.get(it.next());
            if (slot == null || (status != null && slot.status() != status)) continue;
            Machine m = slot.machine;
            if (projects != null && !projects.contains(m.project())) continue;
            if (needle != null && !m.hostname().toLowerCase(Locale.ROOT).contains(needle)
                    && !m.ipAddress().toLowerCase(Locale.ROOT).contains(needle)) continue;
            out.add(slot.view());
        }
        return out;
    }

    List<Machine> all(Set<String> projects) {
        return page(null, Integer.MAX_VALUE, null, null, projects);
    }

    int size() {
        return machines.size();
    }

    /** Marks machines offline that were unseen past their threshold; returns how many changed. */
    int markOffline(LivenessPolicy policy) {
        long now = clock.millis();
        int changed = 0;
        for (Map.Entry<String, Tracked> e : machines.entrySet()) {
            if (!isOverdue(e.getValue(), now, policy)) continue;
            boolean[] wentOffline = {false};
            machines.computeIfPresent(e.getKey(), (h, slot) -> {
                // Re-check inside the lock: a heartbeat may have arrived since the scan read it.
                if (!isOverdue(slot, now, policy)) return slot;
                mark(h, Change.CHANGED);
                events.append(EventType.OFFLINE, slot.machine.project(), h, "no heartbeat for " + (now - slot.lastSeenMs) / 1000 + " s", now);
                wentOffline[0] = true;
                return new Tracked(slot.view().withStatus(MachineStatus.OFFLINE));
            });
            if (wentOffline[0]) changed++;
        }
        return changed;
    }

    private static boolean isOverdue(Tracked slot, long now, LivenessPolicy policy) {
        return slot.status() == MachineStatus.ONLINE && now - slot.lastSeenMs > policy.offlineAfterMs(slot.machine);
    }

    /** Forgets machines unseen for longer than the removal age; returns how many. */
    int removeStale(LivenessPolicy policy) {
        long now = clock.millis();
        int removed = 0;
        for (Map.Entry<String, Tracked> e : machines.entrySet()) {
            if (now - e.getValue().lastSeenMs <= policy.removeAfterMs(e.getValue().machine)) continue;
            boolean[] gone = {false};
            machines.computeIfPresent(e.getKey(), (h, slot) -> {
                if (now - slot.lastSeenMs <= policy.removeAfterMs(slot.machine)) return slot;
                order.remove(h);
                index(slot.machine, null);
                mark(h, Change.CHANGED);
                events.append(EventType.REMOVED, slot.machine.project(), h, "removed after " + (now - slot.lastSeenMs) / 1000 + " s without a heartbeat", now);
                gone[0] = true;
                return null;
            });
            if (gone[0]) removed++;
        }
        return removed;
    }

    private void mark(String hostname, Change change) {
        dirty.merge(hostname, change, Change::and);
    }

    /** Takes the hostnames changed since the last call; the caller stores their current state. */
    Map<String, Change> drainDirty() {
        Map<String, Change> out = new HashMap<>();
        for (String hostname : dirty.keySet()) {
            Change change = dirty.remove(hostname);
            if (change != null) out.put(hostname, change);
        }
        return out;
    }

    /** Puts back what a failed flush took, so the next flush writes it. */
    void markDirty(Map<String, Change> changes) {
        changes.forEach(this::mark);
    }
}
