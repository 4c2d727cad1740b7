package io.drover.server.events;

import java.util.Locale;

/** What can happen to a tracked machine. */
public enum EventType {
    REGISTERED,
    OFFLINE,
    ONLINE,
    REMOVED,
    DELETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromWire(String value) {
        for (EventType t : values()) if (t.wire().equals(value)) return t;
        return null;
    }
}
