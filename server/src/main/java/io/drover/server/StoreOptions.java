package io.drover.server;

import io.drover.server.store.Database;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the store lives; shared by the server and its maintenance subcommands. */
final class StoreOptions {
    @Option(names = "--data-dir", defaultValue = "${env:DROVER_DATA_DIR:-./data}", paramLabel = "DIR",
            description = "Directory for the embedded database and other state (env DROVER_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "${env:DROVER_DB_URL}", paramLabel = "JDBC_URL",
            description = "Database; a jdbc:postgresql://host/db URL switches to PostgreSQL "
                    + "(env DROVER_DB_URL; default: an H2 file in the data dir).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:DROVER_DB_USER}", paramLabel = "USER",
            description = "Database user (env DROVER_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:DROVER_DB_PASSWORD}", paramLabel = "PASSWORD",
            description = "Database password (env DROVER_DB_PASSWORD; prefer the variable: flags show in ps).")
    String dbPassword;

    Database open() {
        return Database.open(dbUrl != null && !dbUrl.isBlank() ? dbUrl : Database.embeddedUrl(dataDir), dbUser, dbPassword);
    }
}
