package io.drover.server.networks;

import io.drover.server.testing.TestStores;

class H2NetworkApiTest extends NetworkApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
