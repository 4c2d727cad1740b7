package io.drover.server.images;

import io.drover.server.http.ApiException;

/** A POST /api/v1/images with a body that is none of the accepted types (415). */
final class UnsupportedUploadType extends ApiException {
    UnsupportedUploadType(String contentType) {
        super(415, "Unsupported Media Type", "Content-Type " + contentType + " is not accepted; send application/json"
                + " {name, path}, multipart/form-data (file, name) or application/octet-stream (?name=)");
    }
}
