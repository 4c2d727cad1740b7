package io.drover.server.vms;

import io.drover.server.testing.TestStores;

class H2VmApiTest extends VmApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
