package io.drover.server.vms;

import io.drover.server.testing.TestStores;

class PostgresVmStoreTest extends VmStoreContract {
    @Override
    TestStores kind() {
        return TestStores.POSTGRESQL;
    }
}
