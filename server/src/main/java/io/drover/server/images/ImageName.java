package io.drover.server.images;

import io.drover.protocol.Hostnames;
import io.drover.server.http.InvalidRequest;
import java.util.regex.Pattern;

/**
 * An image's name: 1–63 ASCII letters, digits, '.', '-' and '_', starting with a letter or digit
 * (so it is never "." or ".." in a URL, nor looks like an option to a tool). Names are only ever
 * keys in the store; files are named by image id.
 */
final class ImageName {
    private static final int MAX_LENGTH = 63;
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ImageName() {}

    static String check(String name) {
        if (name == null || name.isEmpty()) throw new InvalidRequest("name is required");
        if (name.length() > MAX_LENGTH) throw new InvalidRequest("name is longer than " + MAX_LENGTH + " characters");
        // The same characters as a hostname, checked by the same loop.
        if (!Hostnames.hasOnlyHostnameChars(name)) throw new InvalidRequest("name may only contain letters, digits, '.', '-' and '_'");
        if (!Character.isLetterOrDigit(name.charAt(0))) throw new InvalidRequest("name must start with a letter or a digit");
        // {id} in the routes takes an id or a name; a name shaped like an id would make that ambiguous.
        if (UUID.matcher(name).matches()) throw new InvalidRequest("name may not have the form of an image id");
        return name;
    }
}
