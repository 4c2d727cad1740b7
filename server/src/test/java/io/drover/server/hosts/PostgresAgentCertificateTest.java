package io.drover.server.hosts;

import io.drover.server.testing.TestStores;

class PostgresAgentCertificateTest extends AgentCertificateContract {
    @Override
    TestStores store() {
        return TestStores.POSTGRESQL;
    }
}
