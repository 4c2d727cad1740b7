package io.drover.server.tracker;

import io.drover.server.testing.TestStores;

class H2RegistrationTokenApiTest extends RegistrationTokenApiContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
