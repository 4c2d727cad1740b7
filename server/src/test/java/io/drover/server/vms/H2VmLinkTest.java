package io.drover.server.vms;

import io.drover.server.testing.TestStores;

class H2VmLinkTest extends VmLinkContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
