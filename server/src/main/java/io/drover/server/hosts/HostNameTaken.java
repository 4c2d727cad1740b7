package io.drover.server.hosts;

import io.drover.server.http.ApiException;

/** Another host has this name already (409): names are how operators and placement pins tell hosts apart. */
final class HostNameTaken extends ApiException {
    HostNameTaken(String name) {
        super(409, "Conflict", "a host named " + name + " has joined already; give this one another --name, or remove the other first");
    }
}
