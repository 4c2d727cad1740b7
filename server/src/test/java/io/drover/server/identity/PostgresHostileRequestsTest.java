package io.drover.server.identity;

import io.drover.server.testing.TestStores;

class PostgresHostileRequestsTest extends HostileRequestsContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
