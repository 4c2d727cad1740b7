package io.drover.tracker;

import java.util.Optional;

/**
 * The name a machine without a hostname reports: {@code machine-<SMBIOS UUID>}, else
 * {@code ip-10-0-2-15} from its address. Made from facts that do not change between heartbeats,
 * so the machine stays one record on the server; the UUID comes first because guests on
 * user-mode networks all share one address. The shell tracker makes the same names.
 */
final class FallbackHostname {

    private FallbackHostname() {
    }

    static String of(Optional<String> uuid, String ipv4) {
        return uuid.map(value -> "machine-" + value).orElseGet(() -> "ip-" + ipv4.replace('.', '-'));
    }
}
