package io.drover.server.identity.ldap;

import io.drover.server.testing.TestStores;

class H2LdapLoginApiTest extends LdapLoginApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
