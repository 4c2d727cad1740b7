package io.drover.server.vms;

import io.drover.server.testing.TestStores;

class PostgresVmApiTest extends VmApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
