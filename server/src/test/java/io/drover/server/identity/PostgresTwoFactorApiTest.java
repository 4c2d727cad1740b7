package io.drover.server.identity;

import io.drover.server.testing.TestStores;

class PostgresTwoFactorApiTest extends TwoFactorApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
