package io.drover.server.identity;

import io.drover.server.http.ApiException;

/** 404: there is no enrollment waiting for a confirm (none started, already confirmed, or replaced meanwhile). */
final class TotpNotPending extends ApiException {
    TotpNotPending() {
        super(404, "Not Found", "no two-factor enrollment is pending; POST /api/v1/auth/totp/enroll starts one");
    }
}
