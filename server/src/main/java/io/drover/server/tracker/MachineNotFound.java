package io.drover.server.tracker;

import io.drover.server.http.ApiException;

/** No tracked machine has this hostname (404). */
final class MachineNotFound extends ApiException {
    MachineNotFound(String hostname) {
        super(404, "Not Found", "VM not found: " + hostname);
    }
}
