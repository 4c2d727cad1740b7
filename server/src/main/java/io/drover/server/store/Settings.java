package io.drover.server.store;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Small named server-wide values (e.g. the LDAP configuration), kept in the {@code settings} table. */
public final class Settings {
    private final Jdbi jdbi;

    public Settings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<String> get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT val FROM settings WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    public void put(String name, String value) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE settings SET val = :value WHERE name = :name")
                    .bind("name", name).bind("value", value).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO settings (name, val) VALUES (:name, :value)")
                        .bind("name", name).bind("value", value).execute();
            }
        });
    }
}
