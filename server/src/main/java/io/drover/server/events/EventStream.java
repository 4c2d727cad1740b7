package io.drover.server.events;

import io.drover.server.access.Principal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One open {@code text/event-stream} response. Frames are written whole, one at a time; a write
 * that fails (the browser went away) ends the stream, and ending it completes {@link #ended()},
 * which is what lets Jetty finish the response.
 */
final class EventStream {
    private final HttpServletResponse response;
    private final Principal caller;
    private final EventAudience audience;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    EventStream(HttpServletResponse response, Principal caller, EventAudience audience) {
        this.response = response;
        this.caller = caller;
        this.audience = audience;
    }

    /** Who opened the stream, with the credential they used: checked again when their access changes. */
    Principal caller() {
        return caller;
    }

    /** What the caller who opened the stream may read: it is sent nothing else. */
    EventAudience audience() {
        return audience;
    }

    void comment(String text) {
        write(": " + text + "\n\n");
    }

    /** An event; {@code json} is one line (Jackson writes no raw newlines), so it is one data line. */
    void event(String type, String json, long id) {
        write("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n");
    }

    private synchronized void write(String frame) {
        if (ended.isDone()) return;
        try {
            response.getOutputStream().write(frame.getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
        } catch (IOException | RuntimeException e) {
            // Jetty answers a write to a closed connection with either; both mean nobody listens.
            end();
        }
    }

    void end() {
        ended.complete(null);
    }

    CompletableFuture<Void> ended() {
        return ended;
    }
}
