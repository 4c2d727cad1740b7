package io.drover.server.identity.ldap;

import io.drover.server.testing.TestStores;

class PostgresLdapLoginApiTest extends LdapLoginApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
