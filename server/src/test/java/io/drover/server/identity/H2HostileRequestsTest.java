package io.drover.server.identity;

import io.drover.server.testing.TestStores;

class H2HostileRequestsTest extends HostileRequestsContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
