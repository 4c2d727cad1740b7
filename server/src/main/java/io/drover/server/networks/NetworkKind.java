package io.drover.server.networks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a network reaches the host: {@code nat} (a libvirt bridge with DHCP and NAT), {@code isolated}
 * (a libvirt bridge, no forwarding), {@code routed} (a libvirt bridge routed to the host's networks),
 * {@code bridge} (a bridge the host already has, such as br0, optionally with a VLAN tag) and
 * {@code user} (QEMU's user-mode NIC, for labs: reachable from nowhere).
 */
public enum NetworkKind {
    NAT, ISOLATED, ROUTED, BRIDGE, USER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** libvirt makes the bridge and runs its DHCP and DNS (dnsmasq): Drover gives it reservations and names. */
    public boolean managed() {
        return this == NAT || this == ISOLATED || this == ROUTED;
    }

    static Optional<NetworkKind> parse(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(NetworkKind::wire).collect(Collectors.joining(", "));
    }
}
