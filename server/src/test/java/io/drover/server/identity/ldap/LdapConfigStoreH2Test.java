package io.drover.server.identity.ldap;

import io.drover.server.testing.TestStores;

class LdapConfigStoreH2Test extends LdapConfigStoreContract {
    @Override
    TestStores kind() {
        return TestStores.H2;
    }
}
