package io.drover.server.http.limits;

import io.drover.server.testing.TestStores;

class RateLimitApiH2Test extends RateLimitApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
