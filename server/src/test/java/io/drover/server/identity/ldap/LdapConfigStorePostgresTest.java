package io.drover.server.identity.ldap;

import io.drover.server.testing.TestStores;

class LdapConfigStorePostgresTest extends LdapConfigStoreContract {
    @Override
    TestStores kind() {
        return TestStores.POSTGRESQL;
    }
}
