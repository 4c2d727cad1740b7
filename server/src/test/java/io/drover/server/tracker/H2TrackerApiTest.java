package io.drover.server.tracker;

import io.drover.server.testing.TestStores;

class H2TrackerApiTest extends TrackerApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
