package io.drover.server.audit;

import io.drover.server.testing.TestStores;

class AuditApiPostgresTest extends AuditApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
