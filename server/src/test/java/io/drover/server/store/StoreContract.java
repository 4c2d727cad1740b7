package io.drover.server.store;

import org.assertj.core.api.Assertions;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations and settings on each store (the tracker's tables are covered in io.drover.server.tracker). */
abstract class StoreContract {
    @TempDir
    Path tmp;
    Database db;
    String url;

    abstract TestStores store();

    @BeforeEach
    void open() {
        String fresh = store().freshUrl(tmp);
        url = fresh == null ? Database.embeddedUrl(tmp) : fresh;
        db = Database.open(url, null, null);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Test
    void migrationsCreateTheTablesAndReopeningIsANoOp() {
        assertThat(db.kind()).isEqualTo(store() == TestStores.H2 ? StoreKind.H2 : StoreKind.POSTGRESQL);
        int tables = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA AND table_name IN ('machines', 'events', 'settings')")
                .mapTo(Integer.class).one());
        assertThat(tables).isEqualTo(3);
        new Settings(db.jdbi()).put("kept", "yes");
        db.close();
        db = Database.open(url, null, null);
        assertThat(new Settings(db.jdbi()).get("kept")).contains("yes");
    }

    @Test
    void settingsAreUpserted() {
        Settings settings = new Settings(db.jdbi());
        assertThat(settings.get("k")).isEmpty();
        settings.put("k", "one");
        settings.put("k", "two");
        assertThat(settings.get("k")).contains("two");
    }

    @Test
    void aBadUrlIsAClearError() {
        Assertions.assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x", null, null))
                .isInstanceOf(StoreUnavailable.class).hasMessageContaining("unsupported --db-url");
    }
}
