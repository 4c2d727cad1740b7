package io.drover.server.identity.ldap;

import io.drover.server.identity.SecretBox;
import io.drover.server.store.Settings;
import java.util.Optional;

/**
 * The directory configuration, one JSON value in the settings table (see {@link LdapSettingsJson}
 * for the form; the bind password is sealed). Shared by every replica through the store.
 */
public final class LdapConfigStore {
    static final String NAME = "identity.ldap";
    /** The settings table's {@code val} column is VARCHAR(1024). */
    static final int MAX_STORED = 1024;

    private final Settings settings;
    private final SecretBox box;

    public LdapConfigStore(Settings settings, SecretBox box) {
        this.settings = settings;
        this.box = box;
    }

    /** The configured directory, or empty when LDAP login is off. */
    public Optional<LdapSettings> get() {
        return settings.get(NAME).filter(json -> !json.isEmpty()).map(json -> LdapSettingsJson.fromStored(json, box));
    }

    public void put(LdapSettings ldap) {
        String json = LdapSettingsJson.toStored(ldap, box);
        if (json.length() > MAX_STORED) {
            throw new InvalidLdapSettings("these LDAP settings take " + json.length() + " characters stored, more than the "
                    + MAX_STORED + " the settings table holds; map fewer groups or use shorter names");
        }
        settings.put(NAME, json);
    }

    /** Turns LDAP login off. */
    public void clear() {
        // Settings has no delete (yet); an empty value reads as "not configured".
        settings.put(NAME, "");
    }
}
