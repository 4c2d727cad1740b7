package io.drover.server.identity;

import io.drover.server.testing.TestStores;

class H2TwoFactorApiTest extends TwoFactorApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
