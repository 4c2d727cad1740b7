package io.drover.server.images;

import io.drover.server.testing.TestStores;

class H2ImageApiTest extends ImageApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
