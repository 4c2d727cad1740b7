package io.drover.server.tracker;

import io.drover.server.testing.TestStores;

class PostgresRegistrationTokenApiTest extends RegistrationTokenApiContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
