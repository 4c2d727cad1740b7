package io.drover.server.images;

import io.drover.server.http.ApiException;

/** Another image already has this name (409). */
final class ImageNameTaken extends ApiException {
    ImageNameTaken(String name) {
        super(409, "Conflict", "an image named " + name + " already exists");
    }
}
