package io.drover.server.vms;

import io.drover.server.testing.TestStores;

class PostgresVmLinkTest extends VmLinkContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
