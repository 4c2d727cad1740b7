package io.drover.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.EventInfo;
import io.drover.server.http.Permission;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.drover.server.identity.Principal;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/events}, newest first with paging and filters, and
 * {@code GET /api/v1/events/stream}, the same events live as server-sent events. Each caller
 * gets only the events its {@link EventAudience} sees, in the listing and on the stream.
 */
public final class EventRoutes implements AutoCloseable {
    private final EventStore store;
    private final Runnable flushPending;
    private final ObjectMapper mapper;
    /** Open streams, each sent only what its caller may see (fixed when it opened). */
    private final Set<EventStream> clients = ConcurrentHashMap.newKeySet();
    /** Sends happen here, never on the thread that caused the event (a heartbeat must not wait on a browser). */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-stream");
        t.setDaemon(true);
        return t;
    });
    private final Runnable unsubscribe;

    /** @param flushPending stores events still waiting in the write-behind, so a read sees them */
    public EventRoutes(EventStore store, EventLog log, Runnable flushPending, ObjectMapper mapper) {
        this.store = store;
        this.flushPending = flushPending;
        this.mapper = mapper;
        this.unsubscribe = log.subscribe(this::broadcast);
        sender.scheduleAtFixedRate(this::ping, 15, 15, TimeUnit.SECONDS);
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/events", Permission.EVENTS_READ, this::list),
                Route.get("/api/v1/events/stream", Permission.EVENTS_READ, this::stream));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String cursor = Cursor.decode(ctx.queryParam("cursor"));
        Long before;
        try {
            before = cursor == null ? null : Long.valueOf(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidRequest("cursor is not valid; use the next_cursor of a previous page");
        }
        String typeName = ctx.queryParam("type");
        EventType type = typeName == null || typeName.isEmpty() ? null : EventType.fromWire(typeName);
        if (typeName != null && !typeName.isEmpty() && type == null) {
            throw new InvalidRequest("type must be one of " + EventType.wireNames());
        }
        String hostname = ctx.queryParam("hostname");
        if (hostname != null && hostname.length() > 253) throw new InvalidRequest("hostname is longer than 253 characters");
        if (hostname != null && hostname.isEmpty()) hostname = null;
        EventAudience audience = EventAudience.of(Principal.of(ctx), ctx.queryParam("project"));
        flushPending.run();
        List<Event> rows = store.page(before, limit + 1, hostname, type, audience);
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(Long.toString(r.id())), Event::info));
    }

    /**
     * Opens a stream. Not Javalin's SseHandler: it runs the client callback on a pool thread and
     * Javalin then finishes that callback's future on it, racing with our sender's first write to
     * the same response (the first event after connecting was lost under load). Here the stream
     * becomes visible to the sender only inside the future's supplier, which Javalin calls once
     * the request is asynchronous; it is registered before ": connected" is written (writes to
     * one stream take turns), so a client misses nothing that happens after it reads that line.
     */
    private void stream(Context ctx) {
        ctx.status(200).contentType("text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        EventAudience audience = EventAudience.of(Principal.of(ctx), null);
        ctx.future(() -> {
            EventStream stream = new EventStream(ctx.res(), audience);
            clients.add(stream);
            stream.comment("connected");
            return stream.ended().whenComplete((ignored, error) -> clients.remove(stream));
        });
    }

    private void broadcast(Event event) {
        if (clients.isEmpty()) return;
        sender.execute(() -> {
            String json;
            try {
                json = mapper.writeValueAsString(event.info());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return;
            }
            for (EventStream client : clients) {
                if (client.audience().sees(event)) client.event(event.type().wire(), json, event.id());
            }
        });
    }

    /** A comment every 15 s keeps proxies and idle timeouts from closing quiet streams. */
    private void ping() {
        clients.forEach(c -> c.comment("ping"));
    }

    @Override
    public void close() {
        unsubscribe.run();
        clients.forEach(EventStream::end);
        sender.shutdownNow();
    }
}
