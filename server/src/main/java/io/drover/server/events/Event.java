package io.drover.server.events;

import io.drover.protocol.EventInfo;
import io.drover.server.http.Rfc3339;

/**
 * One entry of the event log. Ids grow with time. {@code project} is the project of what it is
 * about, or null when that is no project's (a host's status).
 */
public record Event(long id, long atMs, EventType type, String project, String hostname, String message) {
    public EventInfo info() {
        return new EventInfo(id, Rfc3339.format(atMs), type.wire(), project, hostname, message);
    }
}
