package io.drover.server.identity;

import io.drover.server.http.ApiException;

/** The last enabled admin cannot be removed, disabled or demoted: nobody could manage users any more. */
public final class LastAdmin extends ApiException {
    public LastAdmin() {
        super(409, "Conflict", "this is the last enabled admin; make another admin first");
    }
}
