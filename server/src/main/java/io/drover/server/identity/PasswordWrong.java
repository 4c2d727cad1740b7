package io.drover.server.identity;

import io.drover.server.http.ApiException;

/**
 * 403: the current password (or, turning two-factor off, the password or the code) given to prove
 * it is the user was wrong. A guess like a failed login: it counts toward the user's failure limit.
 */
final class PasswordWrong extends ApiException {
    PasswordWrong(String detail) {
        super(403, "Forbidden", detail);
    }
}
