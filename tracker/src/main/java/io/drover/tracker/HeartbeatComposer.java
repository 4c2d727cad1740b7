package io.drover.tracker;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds each heartbeat from the machine's current state. Hostname and addresses are read
 * every time because DHCP or an operator may change them while the tracker runs; UUID and OS
 * name are fixed until reboot and read once by the caller.
 */
final class HeartbeatComposer {

    private final String interfaceName;
    private final long intervalSeconds;
    private final Supplier<Optional<String>> hostname;
    private final NetworkAddresses addresses;
    private final Optional<String> uuid;
    private final String os;
    private final String agentVersion;

    /** @param hostname the machine's own name, empty when it has none (see {@link FallbackHostname}) */
    HeartbeatComposer(String interfaceName, Duration interval, Supplier<Optional<String>> hostname, NetworkAddresses addresses,
            Optional<String> uuid, String os, String agentVersion) {
        this.interfaceName = interfaceName;
        this.intervalSeconds = intervalSeconds(interval);
        this.hostname = hostname;
        this.addresses = addresses;
        this.uuid = uuid;
        this.os = os;
        this.agentVersion = agentVersion;
    }

    String interfaceName() {
        return interfaceName;
    }

    /** The heartbeat to send now, empty while the interface has no IPv4 address. */
    Optional<Heartbeat> compose() {
        return addresses.ipv4Of(interfaceName).map(ip -> new Heartbeat(
                hostname.get().orElseGet(() -> FallbackHostname.of(uuid, ip)), ip, interfaceName, uuid,
                intervalSeconds, addresses.all(), os, agentVersion));
    }

    /**
     * Whole seconds, rounded up and at least 1: the server derives its offline threshold from
     * this, so announcing less than the real interval would make the machine flap.
     */
    static long intervalSeconds(Duration interval) {
        long seconds = interval.getSeconds() + (interval.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
