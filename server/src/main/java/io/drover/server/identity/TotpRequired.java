package io.drover.server.identity;

import io.drover.server.http.ApiException;

/** 401 at login: the password was right, and this user also needs a TOTP or recovery code. */
public final class TotpRequired extends ApiException {
    public TotpRequired(String detail) {
        super(401, "Two-factor code required", detail);
    }
}
