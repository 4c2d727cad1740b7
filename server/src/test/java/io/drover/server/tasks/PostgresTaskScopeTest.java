package io.drover.server.tasks;

import io.drover.server.testing.TestStores;

class PostgresTaskScopeTest extends TaskScopeContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
