package io.drover.server.events;

import io.drover.protocol.EventInfo;
import io.drover.server.http.Rfc3339;

/** One entry of the event log. Ids grow with time. */
public record Event(long id, long atMs, EventType type, String hostname, String message) {
    public EventInfo info() {
        return new EventInfo(id, Rfc3339.format(atMs), type.wire(), hostname, message);
    }
}
