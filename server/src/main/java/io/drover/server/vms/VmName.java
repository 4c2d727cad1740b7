package io.drover.server.vms;

import io.drover.server.http.InvalidRequest;

/** A VM's name: 1 to 63 ASCII letters, digits and '-' (a DNS label, so it is also the guest's hostname). */
final class VmName {
    static final int MAX_LENGTH = 63;

    private VmName() {}

    static String check(String name) {
        if (name == null || name.isEmpty()) throw new InvalidRequest("name is required");
        if (name.length() > MAX_LENGTH) throw new InvalidRequest("name is longer than " + MAX_LENGTH + " characters");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) throw new InvalidRequest("name may only contain letters, digits and '-'");
        }
        if (name.startsWith("-") || name.endsWith("-")) throw new InvalidRequest("name may not start or end with '-'");
        return name;
    }
}
