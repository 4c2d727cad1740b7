package io.drover.server.tracker;

import io.drover.server.http.ApiException;

/**
 * A heartbeat for a hostname another project tracks (409): one project's token must not move or
 * overwrite another project's machine. It names no project, since the caller may not see it.
 */
final class MachineInOtherProject extends ApiException {
    MachineInOtherProject(String hostname) {
        super(409, "Conflict", "the hostname " + hostname
                + " is tracked in another project; delete it there first, or register with that project's token");
    }
}
