package io.drover.server.hosts;

import io.drover.server.testing.TestStores;

class PostgresHostApiTest extends HostApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
