package io.drover.server.networks;

import io.drover.server.testing.TestStores;

class PostgresNetworkApiTest extends NetworkApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
