package io.drover.server.events;

import io.drover.server.testing.TestStores;

class H2EventScopeTest extends EventScopeContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
