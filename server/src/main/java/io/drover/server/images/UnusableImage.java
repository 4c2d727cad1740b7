package io.drover.server.images;

import io.drover.server.http.ApiException;

/** A file whose format was recognised but that cannot serve as a base image, e.g. a qcow2 with a backing file (400). */
final class UnusableImage extends ApiException {
    UnusableImage(String detail) {
        super(400, "Bad Request", detail);
    }
}
