package io.drover.server.identity.ldap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.Route;
import io.drover.server.identity.SecretUnreadable;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/settings/ldap}: admins read, replace and clear the directory configuration. The
 * bind password goes in and never comes out ({@code bind_password_set} says whether one is stored);
 * a PUT without it keeps the stored one. {@code ?check=true} binds as the service account before
 * saving, so a typo in the URL or password is caught now rather than at the next login.
 */
public final class LdapSettingsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LdapSettingsRoutes.class);

    private final LdapConfigStore store;
    private final ObjectMapper mapper;

    public LdapSettingsRoutes(LdapConfigStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/settings/ldap", Permission.SETTINGS_READ, this::show),
                Route.put("/api/v1/settings/ldap", Permission.SETTINGS_WRITE, this::replace),
                Route.delete("/api/v1/settings/ldap", Permission.SETTINGS_WRITE, this::clear));
    }

    private void show(Context ctx) {
        LdapSettings settings = current().orElseThrow(LdapNotConfigured::new);
        ctx.header("Cache-Control", "no-store").json(LdapSettingsJson.forAdmin(settings));
    }

    private void replace(Context ctx) {
        JsonNode body = Bodies.json(ctx, mapper, JsonNode.class, null);
        Optional<LdapSettings> current;
        try {
            current = current();
        } catch (LdapSettingsUnreadable e) {
            current = Optional.empty(); // unreadable old settings: the new ones must bring their password
        }
        LdapSettings settings = LdapSettingsJson.fromAdmin(body, current);
        if ("true".equalsIgnoreCase(ctx.queryParam("check"))) {
            try {
                new LdapDirectory(settings).checkServiceAccount();
            } catch (DirectoryUnavailable e) {
                throw new LdapCheckFailed(e);
            }
        }
        store.put(settings);
        LOG.info("LDAP settings changed by {}: {}", Principal.of(ctx).actor(), settings); // toString hides the password
        ctx.header("Cache-Control", "no-store").json(LdapSettingsJson.forAdmin(settings));
    }

    private void clear(Context ctx) {
        store.clear();
        LOG.info("LDAP login turned off by {}", Principal.of(ctx).actor());
        ctx.status(204);
    }

    private Optional<LdapSettings> current() {
        try {
            return store.get();
        } catch (SecretUnreadable | InvalidLdapSettings e) {
            throw new LdapSettingsUnreadable(e);
        }
    }
}
