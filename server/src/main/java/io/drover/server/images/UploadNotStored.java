package io.drover.server.images;

import io.drover.server.http.ApiException;

/** The server could not write an upload to its data dir, e.g. the disk is full (507); nothing is kept. */
final class UploadNotStored extends ApiException {
    UploadNotStored(String detail) {
        super(507, "Insufficient Storage", detail);
    }
}
