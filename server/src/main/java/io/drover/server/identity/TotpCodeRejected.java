package io.drover.server.identity;

import io.drover.server.http.ApiException;

/** 400 at confirm: the code is not the pending secret's code for now (a wrong secret typed, or the device clock is off). */
final class TotpCodeRejected extends ApiException {
    TotpCodeRejected() {
        super(400, "Bad Request", "the code does not match; check the authenticator app's entry and that its clock is right");
    }
}
