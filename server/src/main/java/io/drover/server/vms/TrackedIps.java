package io.drover.server.vms;

import java.util.Optional;

/**
 * The IPv4 the in-guest tracker last reported for a machine whose SMBIOS UUID is {@code uuid},
 * when that tracker reports with a registration token of {@code project}: a VM's address is never
 * taken from an anonymous heartbeat or another project's.
 */
@FunctionalInterface
public interface TrackedIps {
    Optional<String> ipOf(String project, String uuid);
}
