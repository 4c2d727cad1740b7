package io.drover.server.identity;

import io.drover.server.testing.TestStores;

class H2StolenCredentialTest extends StolenCredentialContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
