package io.drover.server.hosts;

import io.drover.server.http.ApiException;

/** Deleting a host that still holds VMs, without {@code force=true} (409). */
final class HostHasVms extends ApiException {
    HostHasVms(String id, int vms) {
        super(409, "Conflict", "host " + id + " still holds " + vms + " VM(s); delete them first or pass force=true");
    }
}
