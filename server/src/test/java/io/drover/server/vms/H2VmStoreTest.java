package io.drover.server.vms;

import io.drover.server.testing.TestStores;

class H2VmStoreTest extends VmStoreContract {
    @Override
    TestStores kind() {
        return TestStores.H2;
    }
}
