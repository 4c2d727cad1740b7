package io.drover.tracker;

import java.util.List;
import java.util.Optional;

/** The machine's IP addresses; an interface so tests can give the loop fixed addresses. */
interface NetworkAddresses {

    /** A non-loopback IPv4 address of the named interface, empty when it has none or does not exist. */
    Optional<String> ipv4Of(String interfaceName);

    /** Every non-loopback IPv4 and IPv6 address of the machine, IPv4 first. */
    List<String> all();
}
