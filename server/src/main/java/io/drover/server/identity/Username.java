package io.drover.server.identity;

import io.drover.server.http.InvalidRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usernames: 1-64 of lowercase letters, digits and {@code . _ - @}, starting with a letter or
 * digit. Input is lowercased first, so "Alice" from a directory is the user "alice".
 */
public final class Username {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private Username() {}

    public static String check(String raw) {
        if (raw == null || raw.isEmpty()) throw new InvalidRequest("username is required");
        String name = raw.toLowerCase(Locale.ROOT);
        if (!VALID.matcher(name).matches()) {
            throw new InvalidRequest("username must be 1-64 characters of a-z, 0-9, '.', '_', '-', '@', starting with a letter or digit");
        }
        return name;
    }

    /** The normalised name, or null when it could never be a username (login answers a plain 401 then). */
    static String orNull(String raw) {
        if (raw == null) return null;
        String name = raw.toLowerCase(Locale.ROOT);
        return VALID.matcher(name).matches() ? name : null;
    }
}
