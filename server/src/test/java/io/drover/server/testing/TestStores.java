package io.drover.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The two stores every store and HTTP test runs against: a fresh embedded H2 file, and a fresh
 * schema in the real PostgreSQL server that scripts/test.sh starts and names in
 * {@code DROVER_TEST_PG_URL}. Under CI a missing PostgreSQL is a failure, not a skip.
 */
public enum TestStores {
    H2,
    POSTGRESQL;

    public static final String PG_URL_VARIABLE = "DROVER_TEST_PG_URL";

    /** A JDBC URL for a store nobody else uses, or null for H2 (the server's default file in {@code dataDir}). */
    public String freshUrl(Path dataDir) {
        if (this == H2) return null;
        String base = System.getenv(PG_URL_VARIABLE);
        if (base == null || base.isBlank()) {
            if (System.getenv("CI") != null) throw new IllegalStateException(PG_URL_VARIABLE + " is not set: run the tests through scripts/test.sh");
            Assumptions.abort(PG_URL_VARIABLE + " is not set (scripts/test.sh sets it); skipping the PostgreSQL run");
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + base, e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
