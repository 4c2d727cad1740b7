package io.drover.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.EventInfo;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.drover.server.identity.AccessChanges;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("event-stream"));
    private final Runnable unsubscribe;
    private volatile Runnable unwatchAccess = () -> { };

    /** @param flushPending stores events still waiting in the write-behind, so a read sees them */
    public EventRoutes(EventStore store, EventLog log, Runnable flushPending, ObjectMapper mapper) {
        this.store = store;
        this.flushPending = flushPending;
        this.mapper = mapper;
        this.unsubscribe = log.subscribe(this::broadcast);
        sender.scheduleAtFixedRate(this::ping, 15, 15, TimeUnit.SECONDS);
    }

    /**
     * Checks the callers of open streams again whenever {@code changes} says a user's access or
     * credentials changed: a stream whose caller's credential no longer works (user disabled or
     * removed, token revoked, session ended) or who would now see other events (moved to other
     * projects, another role) ends. A client that still may reads again and gets what it sees now.
     *
     * @param current the caller as they are now, or empty when their credential no longer works
     */
    public void recheckCallersOn(AccessChanges changes, Function<Principal, Optional<Principal>> current) {
        unwatchAccess = changes.subscribe(userId -> {
            try {
                // On the sender's thread: checks take turns with sends, so no event sent after the
                // change was made reaches a stream before its caller was checked.
                sender.execute(() -> recheck(userId, current));
            } catch (RejectedExecutionException e) {
                // closing: every stream ends anyway
            }
        });
    }

    private void recheck(String userId, Function<Principal, Optional<Principal>> current) {
        for (EventStream client : clients) {
            if (!userId.equals(client.caller().userId())) continue;
            Optional<Principal> now = current.apply(client.caller());
            boolean same = now.isPresent() && now.get().holds(Permission.EVENTS_READ)
                    && EventAudience.of(now.get(), null).equals(client.audience());
            if (!same) {
                client.comment("closed: your access changed");
                client.end();
            }
        }
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
        Principal caller = Principal.of(ctx);
        EventAudience audience = EventAudience.of(caller, null);
        ctx.future(() -> {
            EventStream stream = new EventStream(ctx.res(), caller, audience);
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
            } catch (JsonProcessingException e) {
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
        unwatchAccess.run();
        clients.forEach(EventStream::end);
        sender.shutdownNow();
    }
}
