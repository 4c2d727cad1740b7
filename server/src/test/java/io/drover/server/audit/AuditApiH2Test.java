package io.drover.server.audit;

import io.drover.server.testing.TestStores;

class AuditApiH2Test extends AuditApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
