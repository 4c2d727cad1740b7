package io.drover.server.relay;

import io.drover.server.http.InvalidRequest;
import java.util.Locale;

/** Which console of a VM: its display (RFB, for noVNC), its first serial port, or that port's log. */
enum ConsoleKind {
    VNC, SERIAL, LOG;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a ticket request names; {@code vnc} or {@code serial} (the log has a route of its own). */
    static ConsoleKind interactive(String wire) {
        if ("vnc".equals(wire)) return VNC;
        if ("serial".equals(wire)) return SERIAL;
        throw new InvalidRequest("kind must be vnc or serial");
    }
}
