package io.drover.server.identity.ldap;

import io.drover.server.http.ApiException;

/**
 * 502 on {@code PUT /api/v1/settings/ldap?check=true}: the directory could not be reached or
 * refused the service account, so the settings were not saved. The detail says which step failed
 * (for the admin who is fixing them); it never contains the bind password.
 */
final class LdapCheckFailed extends ApiException {
    LdapCheckFailed(DirectoryUnavailable cause) {
        super(502, "Bad Gateway", "the settings were not saved: " + cause.getMessage());
    }
}
