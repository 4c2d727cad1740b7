package io.drover.server.identity;

import io.drover.server.testing.TestStores;

class PostgresStolenCredentialTest extends StolenCredentialContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
