package io.drover.server.hosts;

import io.drover.server.testing.TestStores;

class H2AgentCertificateTest extends AgentCertificateContract {
    @Override
    TestStores store() {
        return TestStores.H2;
    }
}
