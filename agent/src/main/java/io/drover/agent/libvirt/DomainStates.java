package io.drover.agent.libvirt;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.drover.protocol.link.DomainReport;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.DomainInfo;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;

/**
 * A domain's state with libvirt's reason for it ({@code virDomainGetState}), as the agent reports
 * it. A guest paused by the user (Drover's suspend, {@code virsh suspend}) or by a job in progress
 * is {@code paused}; one that QEMU stopped by itself (an emulation failure under a KVM that cannot
 * run it, a disk I/O error, a watchdog, a guest panic) is {@code error}, since no resume brings it
 * back: only a force-stop and a start do.
 */
public final class DomainStates {
    /** A state and libvirt's reason for it as a word (null when libvirt gives none). */
    public record Observed(String state, String reason) {}

    /** The part of libvirt's C API that libvirt-java does not bind. */
    interface StateApi extends com.sun.jna.Library {
        DomainPointer virDomainLookupByUUIDString(ConnectionPointer conn, String uuid);

        int virDomainGetState(DomainPointer domain, IntByReference state, IntByReference reason, int flags);

        int virDomainFree(DomainPointer domain);
    }

    private static volatile StateApi lib;

    private static final int PAUSED = 3, SHUTOFF = 5, CRASHED = 6;
    // virDomainPausedReason, by value.
    private static final String[] PAUSED_REASONS = {"unknown", "user", "migration", "save", "dump", "ioerror", "watchdog",
            "from_snapshot", "shutting_down", "snapshot", "crashed", "starting_up", "postcopy", "postcopy_failed", "api_error"};
    /** Paused reasons that are a pause someone asked for or a job that will end by itself. */
    private static final Set<String> ASKED = Set.of("user", "migration", "save", "dump", "from_snapshot",
            "snapshot", "starting_up", "postcopy");
    // virDomainShutoffReason and virDomainCrashedReason, by value.
    private static final String[] SHUTOFF_REASONS = {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
            "from_snapshot", "daemon"};
    private static final String[] CRASHED_REASONS = {"unknown", "panicked"};

    private DomainStates() {}

    /**
     * The state of the domain with {@code uuid} on {@code c}, or null when it cannot be read that
     * way (another kind of connection, the domain gone); the caller then falls back on
     * {@code virDomainGetInfo}'s state alone.
     */
    static Observed read(Connect c, String uuid) {
        if (!(c instanceof StateConnect sc)) return null;
        StateApi api = api();
        DomainPointer d = api.virDomainLookupByUUIDString(sc.pointer(), uuid);
        if (d == null) return null;
        try {
            IntByReference state = new IntByReference(), reason = new IntByReference();
            if (api.virDomainGetState(d, state, reason, 0) < 0) return null;
            return classify(state.getValue(), reason.getValue());
        } finally {
            api.virDomainFree(d);
        }
    }

    /** libvirt's state number and reason number as the agent reports them. */
    public static Observed classify(int state, int reason) {
        return switch (state) {
            case PAUSED -> {
                String why = word(PAUSED_REASONS, reason);
                if ("shutting_down".equals(why)) yield new Observed(DomainReport.SHUTTING_DOWN, null);
                yield new Observed(ASKED.contains(why) ? DomainReport.PAUSED : DomainReport.ERROR, why);
            }
            case SHUTOFF -> new Observed(DomainReport.STOPPED, word(SHUTOFF_REASONS, reason));
            case CRASHED -> new Observed(DomainReport.ERROR, word(CRASHED_REASONS, reason).equals("panicked") ? "panicked" : "crashed");
            default -> new Observed(Domains.stateName(DomainInfo.DomainState.values()[Math.max(0, Math.min(state, 7))]), null);
        };
    }

    private static String word(String[] words, int value) {
        return value >= 0 && value < words.length ? words[value] : "unknown";
    }

    private static StateApi api() {
        StateApi l = lib;
        if (l == null) {
            synchronized (DomainStates.class) {
                if (lib == null) lib = Native.load("virt", StateApi.class);
                l = lib;
            }
        }
        return l;
    }
}
