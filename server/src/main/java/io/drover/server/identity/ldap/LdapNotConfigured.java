package io.drover.server.identity.ldap;

import io.drover.server.http.ApiException;

/** 404: no directory is configured, so LDAP login is off. */
final class LdapNotConfigured extends ApiException {
    LdapNotConfigured() {
        super(404, "Not Found", "LDAP login is not configured; PUT /api/v1/settings/ldap turns it on");
    }
}
