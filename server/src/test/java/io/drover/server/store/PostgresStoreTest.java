package io.drover.server.store;

import io.drover.server.testing.TestStores;

class PostgresStoreTest extends StoreContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
