package io.drover.protocol;

/**
 * The hostname rule shared by tracked machines and hypervisor hosts: 1 to 253 ASCII letters,
 * digits, '.', '-' and '_'. A loop, not a regex: the server checks it on every heartbeat.
 */
public final class Hostnames {
    public static final int MAX_LENGTH = 253;

    private Hostnames() {}

    public static boolean hasOnlyHostnameChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }
}
