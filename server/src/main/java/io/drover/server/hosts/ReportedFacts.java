package io.drover.server.hosts;

import io.drover.protocol.link.HostFactsReport;
import io.drover.server.http.OneLine;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an agent says about its host, made safe to store and show: an agent is authenticated, not
 * trusted. Text has its control characters replaced (a NUL fails PostgreSQL's text columns) and is
 * clipped to its column ({@link OneLine}); numbers are bounded to what a real host can have (capacity feeds placement);
 * addresses are kept only when they look like IP literals, at most {@value #MAX_ADDRESSES}.
 */
final class ReportedFacts {
    static final int MAX_ADDRESSES = 64;
    private static final long MAX_CPUS = 65_536, MAX_MEMORY_MIB = 64L << 20, MAX_DISK_GIB = 1L << 20;
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,39}(/[0-9]{1,3})?");

    private ReportedFacts() {}

    static Host.Facts of(HostFactsReport f, long nowMs) {
        List<String> addresses = new ArrayList<>();
        if (f.addresses() != null) {
            for (String a : f.addresses()) {
                if (addresses.size() == MAX_ADDRESSES) break;
                if (a != null && IP.matcher(a).matches()) addresses.add(a);
            }
        }
        return new Host.Facts(text(f.hostname(), 253), text(f.cpuModel(), 256), (int) bound(f.cpus(), MAX_CPUS),
                bound(f.memoryMib(), MAX_MEMORY_MIB), bound(f.diskTotalGib(), MAX_DISK_GIB), bound(f.diskFreeGib(), MAX_DISK_GIB),
                text(f.libvirtVersion(), 32), text(f.qemuVersion(), 32), accel(f.accel()), text(f.accelReason(), 1000), addresses, nowMs);
    }

    private static String text(String s, int max) {
        return s == null ? null : OneLine.of(s, max);
    }

    private static long bound(long value, long max) {
        return Math.max(0, Math.min(max, value));
    }

    /** {@code kvm} or {@code tcg}; anything else is not known (null). */
    private static String accel(String accel) {
        return "kvm".equals(accel) || "tcg".equals(accel) ? accel : null;
    }
}
