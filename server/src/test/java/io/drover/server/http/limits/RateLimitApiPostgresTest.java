package io.drover.server.http.limits;

import io.drover.server.testing.TestStores;

class RateLimitApiPostgresTest extends RateLimitApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
