package io.drover.server.tracker;

import java.util.Locale;

/** Whether a tracked machine has been heard from within its offline threshold. */
public enum MachineStatus {
    ONLINE,
    OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MachineStatus fromWire(String value) {
        for (MachineStatus s : values()) if (s.wire().equals(value)) return s;
        return null;
    }
}
