package io.drover.server.vms;

import io.drover.server.http.InvalidRequest;
import java.util.List;

/** Checks of what clients send for VMs; every failure is a 400 that names the field. */
final class VmRequests {
    static final int MAX_CPUS = 255; // the agent's limit too
    static final long MIN_MEMORY_MIB = 64, MAX_MEMORY_MIB = 16L << 20;
    static final long MAX_DISK_GIB = 64L << 10;
    static final int MAX_SSH_KEYS = 32, MAX_SSH_KEY_LENGTH = 16 * 1024;
    static final int MAX_USER_DATA = 64 * 1024;
    static final int MAX_STOP_TIMEOUT = 3600;

    private VmRequests() {}

    static int cpus(Integer cpus) {
        if (cpus == null) throw new InvalidRequest("cpus is required");
        if (cpus < 1 || cpus > MAX_CPUS) throw new InvalidRequest("cpus must be from 1 to " + MAX_CPUS);
        return cpus;
    }

    static long memoryMib(Long mib) {
        if (mib == null) throw new InvalidRequest("memory_mib is required");
        if (mib < MIN_MEMORY_MIB || mib > MAX_MEMORY_MIB) {
            throw new InvalidRequest("memory_mib must be from " + MIN_MEMORY_MIB + " to " + MAX_MEMORY_MIB);
        }
        return mib;
    }

    static long diskGib(Long gib) {
        if (gib == null) throw new InvalidRequest("disk_gib is required");
        if (gib < 1 || gib > MAX_DISK_GIB) throw new InvalidRequest("disk_gib must be from 1 to " + MAX_DISK_GIB);
        return gib;
    }

    static List<String> sshKeys(List<String> keys) {
        if (keys == null) return List.of();
        if (keys.size() > MAX_SSH_KEYS) throw new InvalidRequest("ssh_keys may hold at most " + MAX_SSH_KEYS + " keys");
        for (String key : keys) {
            if (key == null || key.isBlank()) throw new InvalidRequest("ssh_keys may not hold empty keys");
            if (key.length() > MAX_SSH_KEY_LENGTH) throw new InvalidRequest("an ssh key is longer than " + MAX_SSH_KEY_LENGTH);
            if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidRequest("an ssh key may not contain line breaks or control characters");
            }
        }
        return List.copyOf(keys);
    }

    static String userData(String userData) {
        if (userData == null) return null;
        if (userData.length() > MAX_USER_DATA) throw new InvalidRequest("user_data is longer than " + MAX_USER_DATA + " characters");
        if (userData.indexOf('\0') >= 0) throw new InvalidRequest("user_data may not contain NUL characters");
        return userData;
    }

    static int stopTimeout(Integer seconds, int fallback) {
        if (seconds == null) return fallback;
        if (seconds < 0 || seconds > MAX_STOP_TIMEOUT) throw new InvalidRequest("timeout_seconds must be from 0 to " + MAX_STOP_TIMEOUT);
        return seconds;
    }
}
