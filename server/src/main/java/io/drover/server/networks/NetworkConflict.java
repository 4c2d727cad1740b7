package io.drover.server.networks;

import io.drover.server.http.ApiException;

/**
 * A network or subnet that clashes with what exists (a taken name, an overlapping subnet), one
 * still in use, or an address that cannot be had (held by another NIC, a pool with none free).
 */
public final class NetworkConflict extends ApiException {
    NetworkConflict(String detail) {
        super(409, "Conflict", detail);
    }
}
