package io.drover.server.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.access.Role;
import io.drover.server.identity.SecretBox;
import io.drover.server.store.Database;
import io.drover.server.store.Settings;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LDAP settings in the settings table, on each store. */
abstract class LdapConfigStoreContract {
    @TempDir
    Path tmp;
    Database db;
    SecretBox box;
    LdapConfigStore store;
    final LdapSettings settings = TestDirectory.settings("ldaps://ldap.example.org", Duration.ofSeconds(3));

    abstract TestStores kind();

    @BeforeEach
    void open() {
        String fresh = kind().freshUrl(tmp);
        db = Database.open(fresh == null ? Database.embeddedUrl(tmp) : fresh, null, null);
        box = SecretBox.load(tmp, Map.of());
        store = new LdapConfigStore(new Settings(db.jdbi()), box);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Test
    void putGetReplaceClear() {
        assertThat(store.get()).isEmpty();
        store.put(settings);
        assertThat(store.get()).contains(settings);
        LdapSettings changed = settings.withBindPassword("rotated");
        store.put(changed);
        assertThat(store.get()).contains(changed);
        store.clear();
        assertThat(store.get()).isEmpty();
        store.put(settings);
        assertThat(store.get()).contains(settings);
    }

    @Test
    void theTableHoldsOnlyTheSealedPassword() {
        store.put(settings);
        Optional<String> raw = new Settings(db.jdbi()).get(LdapConfigStore.NAME);
        assertThat(raw).hasValueSatisfying(json -> assertThat(json).doesNotContain(TestDirectory.SERVICE_PASSWORD).contains("v1:"));
        // Another server reading the same store with the same key file sees the same settings.
        assertThat(new LdapConfigStore(new Settings(db.jdbi()), SecretBox.load(tmp, Map.of())).get()).contains(settings);
    }

    @Test
    void settingsTooLargeForTheTableAreRefusedClearly() {
        Map<String, Role> many = new HashMap<>();
        for (int i = 0; i < 60; i++) many.put("a-rather-long-directory-group-name-" + i, Role.VIEWER);
        LdapSettings big = new LdapSettings(settings.url(), settings.bindDn(), settings.bindPassword(), settings.userBase(),
                settings.userFilter(), settings.groupBase(), settings.groupFilter(), "cn", many, Map.of(), null, null);
        assertThatThrownBy(() -> store.put(big)).isInstanceOf(InvalidLdapSettings.class).hasMessageContaining("1024");
        assertThat(store.get()).isEmpty();
    }
}
