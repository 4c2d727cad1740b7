package io.drover.server.events;

import io.drover.server.store.Columns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records events as they happen: hands each to live subscribers at once and keeps it until the
 * write-behind stores it (with the machine changes of the same flush).
 */
public final class EventLog {
    private final AtomicLong lastId;
    private final ArrayDeque<Event> unsaved = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    /** @param lastStoredId the highest id already in the store, so ids continue after a restart */
    public EventLog(long lastStoredId) {
        this.lastId = new AtomicLong(lastStoredId);
    }

    /**
     * An event about something in {@code project}; null for one about no project (a host's
     * status), which only admins and readers of hosts see.
     */
    public Event append(EventType type, String project, String hostname, String message, long atMs) {
        Event event;
        synchronized (unsaved) {
            // Id and queue order taken together so the store sees events in id order.
            // Clipped to the column: one event too long for it would fail every batch it is in, for ever.
            event = new Event(lastId.incrementAndGet(), atMs, type, project, hostname, Columns.clip(message, 1024));
            unsaved.addLast(event);
        }
        for (Consumer<Event> subscriber : subscribers) subscriber.accept(event);
        return event;
    }

    public List<Event> drainUnsaved() {
        synchronized (unsaved) {
            List<Event> out = new ArrayList<>(unsaved);
            unsaved.clear();
            return out;
        }
    }

    /** Puts events back after a failed write so the next flush retries them first. */
    public void requeue(List<Event> events) {
        synchronized (unsaved) {
            for (int i = events.size() - 1; i >= 0; i--) unsaved.addFirst(events.get(i));
        }
    }

    /** Subscribers must not block: they run on the thread that caused the event. */
    public Runnable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
