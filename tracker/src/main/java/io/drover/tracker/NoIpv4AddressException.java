package io.drover.tracker;

/** The chosen interface never had an IPv4 address to report. Ends the tracker with status 1. */
final class NoIpv4AddressException extends Exception {

    NoIpv4AddressException(String interfaceName, int attempts) {
        super("no IPv4 address on interface " + interfaceName + " after " + attempts + " attempts");
    }
}
