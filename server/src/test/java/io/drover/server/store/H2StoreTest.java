package io.drover.server.store;

import io.drover.server.testing.TestStores;

class H2StoreTest extends StoreContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
