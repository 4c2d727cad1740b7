package io.drover.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the interface of the IPv4 default route in the kernel's {@code /proc/net/route} table,
 * which is the interface other machines most likely reach this one through.
 */
final class DefaultRoute {

    static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");

    private static final int RTF_UP = 0x1;

    private DefaultRoute() {
    }

    /** The default route's interface, empty when the file is unreadable or has no default route. */
    static Optional<String> interfaceOf(Path routeTable) {
        try {
            return interfaceIn(Files.readString(routeTable));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // not Linux, or no procfs: the caller falls back to eth0
        }
    }

    /**
     * Parses the table text: a header line, then whitespace-separated columns Iface, Destination,
     * Gateway, Flags, RefCnt, Use, Metric, Mask, ... with hex numbers. A default route has
     * destination and mask 0 and the RTF_UP flag; with several, the lowest metric wins, as in
     * the kernel's own choice.
     */
    static Optional<String> interfaceIn(String routeTable) {
        String best = null;
        long bestMetric = Long.MAX_VALUE;
        String[] lines = routeTable.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] columns = lines[i].trim().split("\\s+");
            if (columns.length < 8) {
                continue;
            }
            try {
                long destination = Long.parseLong(columns[1], 16);
                int flags = Integer.parseInt(columns[3], 16);
                long metric = Long.parseLong(columns[6]);
                long mask = Long.parseLong(columns[7], 16);
                if (destination == 0 && mask == 0 && (flags & RTF_UP) != 0 && metric < bestMetric) {
                    best = columns[0];
                    bestMetric = metric;
                }
            } catch (NumberFormatException malformedLine) {
                // skip it: one odd line must not hide the default route on the others
            }
        }
        return Optional.ofNullable(best);
    }
}
