package io.drover.server.dashboard;

import io.drover.server.testing.TestStores;

class PostgresDashboardApiTest extends DashboardApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
