package io.drover.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging cursors: the sort key of the last row of a page, base64url-encoded with a
 * version prefix so the format can change without clients noticing.
 */
public final class Cursor {
    private static final String PREFIX = "v1:";

    private Cursor() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key inside a cursor, or null when none was given; 400 when it is not one of ours. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(PREFIX)) return raw.substring(PREFIX.length());
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw invalid();
    }

    /** A cursor for a two-part sort key, e.g. (name, id). */
    public static String encode(String first, String second) {
        return encode(first + "\n" + second);
    }

    /** The two parts of a cursor made by {@link #encode(String, String)}, or null when none was given; 400 otherwise. */
    public static String[] decodePair(String cursor) {
        String key = decode(cursor);
        if (key == null) return null;
        int split = key.lastIndexOf('\n');
        if (split < 0) throw invalid();
        return new String[] {key.substring(0, split), key.substring(split + 1)};
    }

    /** The error of a cursor that is not one of ours. */
    public static InvalidRequest invalid() {
        return new InvalidRequest("cursor is not valid; use the next_cursor of a previous page");
    }
}
