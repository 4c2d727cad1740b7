package io.drover.server.placement;

import java.util.Locale;

/**
 * A host's liveness: online, suspect (3 heartbeats missed), offline (6 missed). Judged by the
 * hosts feature ({@code HostLiveness}); here because placement and VM status read it too.
 */
public enum HostStatus {
    ONLINE, SUSPECT, OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
