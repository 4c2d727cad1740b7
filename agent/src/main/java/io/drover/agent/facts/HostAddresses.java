package io.drover.agent.facts;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The host's own addresses (interfaces that are up; no loopback, no link-local), IPv4 first. */
public final class HostAddresses {
    private HostAddresses() {}

    public static List<String> read() {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) continue;
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) continue;
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    if (zone >= 0) text = text.substring(0, zone);
                    (text.indexOf(':') >= 0 ? v6 : v4).add(text);
                }
            }
        } catch (SocketException e) {
            return List.of(); // addresses are informational; the link works without them
        }
        List<String> out = new ArrayList<>(v4);
        out.addAll(v6);
        return List.copyOf(out);
    }
}
