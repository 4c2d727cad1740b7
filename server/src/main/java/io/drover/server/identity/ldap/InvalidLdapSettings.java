package io.drover.server.identity.ldap;

import io.drover.server.http.InvalidRequest;

/** LDAP settings an admin gave (or the store holds) that cannot work; the message names the field and what is wrong (400). */
public final class InvalidLdapSettings extends InvalidRequest {
    public InvalidLdapSettings(String detail) {
        super(detail);
    }
}
