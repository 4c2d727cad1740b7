package io.drover.server.identity;

import io.drover.server.http.ApiException;

/**
 * 503: the stored TOTP secret cannot be decrypted with this server's secret key, typically because
 * {@code DROVER_SECRET_KEY} or the data dir's {@code secret.key} changed, or replicas hold different
 * keys. Only shown after the password checked out; the fix is the right key, or an admin's reset.
 */
final class SecondFactorUnreadable extends ApiException {
    SecondFactorUnreadable() {
        super(503, "Service Unavailable", "the two-factor secret cannot be read with this server's secret key "
                + "(do all replicas share DROVER_SECRET_KEY?); an admin can reset two-factor for this user");
    }
}
