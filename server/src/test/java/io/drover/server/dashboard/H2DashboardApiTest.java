package io.drover.server.dashboard;

import io.drover.server.testing.TestStores;

class H2DashboardApiTest extends DashboardApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
