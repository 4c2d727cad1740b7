package io.drover.server.vms;

import java.util.Optional;

/** The IPv4 the in-guest tracker last reported for a machine whose SMBIOS UUID is {@code uuid}. */
@FunctionalInterface
public interface TrackedIps {
    Optional<String> ipOf(String uuid);
}
