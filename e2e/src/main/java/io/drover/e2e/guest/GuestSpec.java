package io.drover.e2e.guest;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a test guest is: the Drover server URL as the guest sees it, its hostname (empty: none is
 * set, and the kernel's stays "(none)"), its SMBIOS UUID and the tracker interval it installs
 * with. Values go onto QEMU's and the kernel's command lines, so they are checked here against
 * narrow patterns.
 */
public record GuestSpec(String serverUrl, String hostname, UUID uuid, int intervalSeconds) {
    /** QEMU user-mode networking: the guest's own address and the host's loopback seen from it. */
    public static final String GUEST_IP = "10.0.2.15";
    public static final String HOST_FROM_GUEST = "10.0.2.2";

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?");

    public GuestSpec {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(uuid, "uuid");
        if (!URL.matcher(serverUrl).matches()) {
            throw new IllegalArgumentException("not a plain http(s) URL for the guest: " + serverUrl);
        }
        if (!hostname.isEmpty() && !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("hostname must be 1-63 letters, digits and inner '-': " + hostname);
        }
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new IllegalArgumentException("intervalSeconds must be 1..3600: " + intervalSeconds);
        }
        if (serverUrl.endsWith("/")) {
            serverUrl = serverUrl.substring(0, serverUrl.length() - 1);
        }
    }

    /** A guest that heartbeats every 2 s. */
    public GuestSpec(String serverUrl, String hostname, UUID uuid) {
        this(serverUrl, hostname, uuid, 2);
    }

    /** A guest of a server listening on the host's loopback at {@code port}. */
    public static GuestSpec forHostPort(int port, String hostname, UUID uuid) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port);
        }
        return new GuestSpec("http://" + HOST_FROM_GUEST + ":" + port, hostname, uuid);
    }

    /** A guest of a server on the host's loopback at {@code port} that never sets a hostname. */
    public static GuestSpec withoutHostname(int port, UUID uuid) {
        return forHostPort(port, "", uuid);
    }

    /** What names this guest's files on the host: its hostname, else its UUID. */
    String name() {
        return hostname.isEmpty() ? uuid.toString() : hostname;
    }

    /** The kernel command line; every value in it was checked above. */
    String kernelCommandLine() {
        return "console=ttyS0 quiet panic=-1" + (hostname.isEmpty() ? "" : " drover.hostname=" + hostname)
                + " drover.url=" + serverUrl + " drover.interval=" + intervalSeconds;
    }
}
