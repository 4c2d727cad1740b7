package io.drover.server.images;

import io.drover.server.http.ApiException;

/** A path to register that is not a readable regular file, or not allowed (400); the detail says why. */
final class ImagePathRefused extends ApiException {
    static final String OFF = "registering images by server path is off on this server (it has no --image-dir); upload the image instead";

    ImagePathRefused(String detail) {
        super(400, "Bad Request", detail);
    }
}
