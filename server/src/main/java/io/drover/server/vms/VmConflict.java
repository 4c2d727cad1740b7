package io.drover.server.vms;

import io.drover.server.http.ApiException;

/** The VM cannot do this now: its name is taken, another task is at work on it, it has no host… (409). */
final class VmConflict extends ApiException {
    VmConflict(String detail) {
        super(409, "Conflict", detail);
    }
}
