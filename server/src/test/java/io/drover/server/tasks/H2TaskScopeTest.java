package io.drover.server.tasks;

import io.drover.server.testing.TestStores;

class H2TaskScopeTest extends TaskScopeContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
