package io.drover.server.images;

import io.drover.server.http.ApiException;

/** An upload over the limit (413). */
final class UploadTooLarge extends ApiException {
    UploadTooLarge(long limitBytes) {
        super(413, "Content Too Large", "the image is larger than the upload limit of " + limitBytes + " bytes");
    }
}
