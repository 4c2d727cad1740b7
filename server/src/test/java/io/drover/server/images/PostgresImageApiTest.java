package io.drover.server.images;

import io.drover.server.testing.TestStores;

class PostgresImageApiTest extends ImageApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
