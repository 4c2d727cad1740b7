package io.drover.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.drover.protocol.RootCause;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The persistent store: a pooled connection to the embedded H2 file or to PostgreSQL, migrated
 * by Flyway on open. Everything else talks to it through {@link #jdbi()}.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final StoreKind kind;

    private Database(HikariDataSource dataSource, StoreKind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** The H2 file the server uses when no {@code --db-url} is given. */
    public static String embeddedUrl(Path dataDir) {
        // PostgreSQL mode so one set of migrations and queries serves both stores. WRITE_DELAY=0:
        // a commit is written to the file at once (commits are batched a few times a second), so
        // "committed" means "survives a killed process". DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown
        // hook would otherwise close the file while ours is still storing the last heartbeats.
        // retry: H2 reopens its file when a thread writing to it is interrupted (a task stopped at
        // shutdown) instead of closing the whole database under everyone else.
        return "jdbc:h2:retry:" + dataDir.toAbsolutePath().resolve("drover")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Opens and migrates the store; fails with {@link StoreUnavailable} when it cannot. */
    public static Database open(String url, String user, String password) {
        StoreKind kind = StoreKind.of(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setMaximumPoolSize(kind == StoreKind.H2 ? 4 : 8);
        config.setPoolName("drover-store");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailable(describe(url) + ": " + RootCause.message(e), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailable("migrating " + describe(url) + ": " + RootCause.message(e), e);
        }
        return new Database(dataSource, kind);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public StoreKind kind() {
        return kind;
    }

    /** The URL without credentials, fit for a log line. */
    public static String describe(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int semi = base.indexOf(';');
        return semi < 0 ? base : base.substring(0, semi);
    }


    @Override
    public void close() {
        dataSource.close();
    }
}
