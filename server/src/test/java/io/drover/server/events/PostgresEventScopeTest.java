package io.drover.server.events;

import io.drover.server.testing.TestStores;

class PostgresEventScopeTest extends EventScopeContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
