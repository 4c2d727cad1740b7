package io.drover.server.hosts;

import io.drover.protocol.Hostnames;
import io.drover.server.http.InvalidRequest;

/** A host's name: what its agent reports as its hostname, checked before it is stored or shown. */
final class HostName {
    private HostName() {}

    static String check(String name) {
        if (name == null || name.isEmpty()) throw new InvalidRequest("name is required");
        if (name.length() > Hostnames.MAX_LENGTH) throw new InvalidRequest("name is longer than " + Hostnames.MAX_LENGTH + " characters");
        if (!Hostnames.hasOnlyHostnameChars(name)) throw new InvalidRequest("name may only contain letters, digits, '.', '-' and '_'");
        return name;
    }
}
