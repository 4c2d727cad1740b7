package io.drover.tracker;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link NetworkAddresses} read from the operating system through {@link NetworkInterface}. */
final class SystemNetworkAddresses implements NetworkAddresses {

    @Override
    public Optional<String> ipv4Of(String interfaceName) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(interfaceName);
            if (nif == null || !nif.isUp()) {
                return Optional.empty();
            }
            return nif.inetAddresses()
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    // prefer a routable address over a 169.254/16 link-local one
                    .min(Comparator.comparing(InetAddress::isLinkLocalAddress))
                    .map(SystemNetworkAddresses::text);
        } catch (SocketException unreadable) {
            return Optional.empty(); // same outcome as no address: the loop retries and reports it
        }
    }

    @Override
    public List<String> all() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(SystemNetworkAddresses::isUpAndNotLoopback)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> !address.isLoopbackAddress())
                    .sorted(Comparator.comparing(address -> address instanceof Inet6Address))
                    .map(SystemNetworkAddresses::text)
                    .distinct()
                    .collect(Collectors.toList());
        } catch (SocketException unreadable) {
            return List.of();
        }
    }

    private static boolean isUpAndNotLoopback(NetworkInterface nif) {
        try {
            return nif.isUp() && !nif.isLoopback();
        } catch (SocketException unreadable) {
            return false;
        }
    }

    /** Dotted IPv4, or RFC 5952 IPv6 ({@code fe80::1}) without the {@code %zone} Java appends. */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups becomes "::" (the first one on a tie).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
