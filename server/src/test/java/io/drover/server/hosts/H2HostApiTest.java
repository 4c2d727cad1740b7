package io.drover.server.hosts;

import io.drover.server.testing.TestStores;

class H2HostApiTest extends HostApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
