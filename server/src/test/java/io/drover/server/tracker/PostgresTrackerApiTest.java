package io.drover.server.tracker;

import io.drover.server.testing.TestStores;

class PostgresTrackerApiTest extends TrackerApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
