package io.drover.server.vms;

import io.drover.server.http.ApiException;

/** No VM has this id or name (404). */
final class VmNotFound extends ApiException {
    VmNotFound(String idOrName) {
        super(404, "Not Found", "no VM with id or name " + idOrName);
    }
}
