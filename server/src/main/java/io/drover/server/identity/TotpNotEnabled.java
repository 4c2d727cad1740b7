package io.drover.server.identity;

import io.drover.server.http.ApiException;

/** 409: disabling two-factor for a user who does not have it on. */
final class TotpNotEnabled extends ApiException {
    TotpNotEnabled() {
        super(409, "Conflict", "two-factor is not on for this user");
    }
}
