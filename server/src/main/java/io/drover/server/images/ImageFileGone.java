package io.drover.server.images;

import io.drover.server.http.ApiException;

/** The file of an image is missing or changed since it was registered (410); re-register it. */
final class ImageFileGone extends ApiException {
    ImageFileGone(String detail) {
        super(410, "Gone", detail);
    }
}
