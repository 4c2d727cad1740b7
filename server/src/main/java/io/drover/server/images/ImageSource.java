package io.drover.server.images;

import java.util.Locale;

/**
 * Where an image's file came from, which decides who owns it: an upload is Drover's (kept in its
 * data dir and deleted with the image); a registered path is the operator's and is never deleted.
 */
enum ImageSource {
    UPLOAD, PATH;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ImageSource fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
