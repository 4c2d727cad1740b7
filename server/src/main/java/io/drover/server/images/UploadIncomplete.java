package io.drover.server.images;

import io.drover.server.http.ApiException;

/** An upload whose body ended early or broke off, e.g. the client went away (400); nothing is kept. */
final class UploadIncomplete extends ApiException {
    UploadIncomplete(String detail) {
        super(400, "Bad Request", detail);
    }
}
