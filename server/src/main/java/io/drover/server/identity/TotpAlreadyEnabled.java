package io.drover.server.identity;

import io.drover.server.http.ApiException;

/** 409: enrolling again while two-factor is on would replace a secret in use; disable it first. */
final class TotpAlreadyEnabled extends ApiException {
    TotpAlreadyEnabled() {
        super(409, "Conflict", "two-factor is already on; disable it (POST /api/v1/auth/totp/disable) before enrolling again");
    }
}
