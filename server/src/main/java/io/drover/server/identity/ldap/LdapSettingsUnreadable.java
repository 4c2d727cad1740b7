package io.drover.server.identity.ldap;

import io.drover.server.http.ApiException;

/** 503: the stored settings cannot be opened (the bind password was sealed with another secret key); PUT them again with the password. */
final class LdapSettingsUnreadable extends ApiException {
    LdapSettingsUnreadable(RuntimeException cause) {
        super(503, "Service Unavailable", "the stored LDAP settings cannot be read (" + cause.getMessage()
                + "); PUT them again, bind_password included");
    }
}
