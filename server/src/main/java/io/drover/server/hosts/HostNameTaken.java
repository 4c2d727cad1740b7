package io.drover.server.hosts;

import io.drover.server.http.ApiException;

/**
 * Another host has this name already (409): names are how operators and placement pins tell hosts
 * apart. The caller is an agent with a join token, who may not see hosts: nothing is said of the
 * other host (issue 10, finding 13); an admin finds it in {@code GET /api/v1/hosts}.
 */
final class HostNameTaken extends ApiException {
    HostNameTaken(String name) {
        super(409, "Conflict", "the host name " + name + " is not available; give this host another --name");
    }
}
