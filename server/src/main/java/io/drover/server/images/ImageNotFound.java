package io.drover.server.images;

import io.drover.server.http.ApiException;

/** No image has this id or name (404). */
final class ImageNotFound extends ApiException {
    ImageNotFound(String idOrName) {
        super(404, "Not Found", "no image with id or name " + idOrName);
    }
}
