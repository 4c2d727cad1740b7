package io.drover.server.images;

import io.drover.server.http.ApiException;

/** A {@code format} that contradicts the file, e.g. qcow2 for a file without the qcow2 magic (400). */
final class FormatMismatch extends ApiException {
    FormatMismatch(ImageFormat claimed, ImageFormat detected) {
        super(400, "Bad Request", "format " + claimed.wire() + " was given but the file is " + detected.wire() + " (only raw may always be claimed)");
    }
}
