package io.drover.server.images;

import io.drover.server.http.InvalidRequest;
import java.util.Locale;

/** The disk formats an image may have. */
public enum ImageFormat {
    QCOW2, RAW, ISO;

    /** The name in the API and in the store: {@code qcow2}, {@code raw}, {@code iso}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ImageFormat fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** A {@code format} the client gave, or null when it gave none; 400 when it is not one of ours. */
    static ImageFormat parseRequested(String value) {
        if (value == null || value.isEmpty()) return null;
        for (ImageFormat f : values()) {
            if (f.wire().equalsIgnoreCase(value)) return f;
        }
        throw new InvalidRequest("format must be qcow2, raw or iso");
    }
}
