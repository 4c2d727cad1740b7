package io.drover.server.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What can happen: to a tracked machine (registered … deleted; the event's name is its
 * hostname), to a VM ({@code vm_*}; the name is the VM's) or to a hypervisor host
 * ({@code host_status}, {@code host_warning}; the name is the host's).
 */
public enum EventType {
    REGISTERED,
    OFFLINE,
    ONLINE,
    REMOVED,
    DELETED,
    VM_CREATED,
    VM_STATE,
    VM_DELETED,
    VM_FAILED,
    HOST_STATUS,
    HOST_WARNING;

    /** Every wire name, comma-separated, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wire).collect(Collectors.joining(", "));
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromWire(String value) {
        for (EventType t : values()) if (t.wire().equals(value)) return t;
        return null;
    }
}
