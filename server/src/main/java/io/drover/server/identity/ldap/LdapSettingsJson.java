package io.drover.server.identity.ldap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.server.access.Role;
import io.drover.server.http.Json;
import io.drover.server.identity.SecretBox;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LDAP settings as JSON, in three forms: stored (the bind password sealed by {@link SecretBox} in
 * {@code bind_password_sealed}), shown to an admin (no password at all, only
 * {@code "bind_password_set": true}), and posted by an admin ({@code bind_password} in the clear,
 * or left out to keep the stored one). Field names are snake_case like the rest of the API.
 */
public final class LdapSettingsJson {
    static final String SEALED_PASSWORD = "bind_password_sealed";
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Set<String> ADMIN_FIELDS = Set.of("url", "bind_dn", "bind_password", "user_base", "user_filter",
            "group_base", "group_filter", "group_name_attribute", "group_roles", "group_projects",
            "connect_timeout_ms", "response_timeout_ms", "bind_password_set");

    private LdapSettingsJson() {}

    public static String toStored(LdapSettings settings, SecretBox box) {
        ObjectNode node = common(settings);
        node.put(SEALED_PASSWORD, box.encrypt(settings.bindPassword()));
        return node.toString();
    }

    /** Throws {@link io.drover.server.identity.SecretUnreadable} when the password cannot be unsealed, {@link InvalidLdapSettings} when the JSON is not settings. */
    public static LdapSettings fromStored(String json, SecretBox box) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidLdapSettings("the stored LDAP settings are not JSON");
        }
        if (node == null || !node.isObject()) throw new InvalidLdapSettings("the stored LDAP settings are not a JSON object");
        String sealed = text(node, SEALED_PASSWORD);
        if (sealed == null) throw new InvalidLdapSettings("the stored LDAP settings have no bind password");
        return parse(node, box.decrypt(sealed));
    }

    /** What {@code GET} shows an admin: everything but the password. */
    public static ObjectNode forAdmin(LdapSettings settings) {
        ObjectNode node = common(settings);
        node.put("bind_password_set", true);
        return node;
    }

    /**
     * The settings an admin posted. Without {@code bind_password} (or with it null or empty) the
     * current one is kept, so the form can round-trip what {@link #forAdmin} showed.
     */
    public static LdapSettings fromAdmin(JsonNode body, Optional<LdapSettings> current) {
        if (body == null || !body.isObject()) throw new InvalidLdapSettings("the LDAP settings must be a JSON object");
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ADMIN_FIELDS.contains(name)) throw new InvalidLdapSettings("unknown field " + name);
        }
        String password = text(body, "bind_password");
        if (password == null || password.isEmpty()) {
            password = current.map(LdapSettings::bindPassword)
                    .orElseThrow(() -> new InvalidLdapSettings("bind_password is required"));
        }
        return parse(body, password);
    }

    private static ObjectNode common(LdapSettings s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("url", s.url());
        node.put("bind_dn", s.bindDn());
        node.put("user_base", s.userBase());
        node.put("user_filter", s.userFilter());
        node.put("group_base", s.groupBase());
        node.put("group_filter", s.groupFilter());
        node.put("group_name_attribute", s.groupNameAttribute());
        ObjectNode roles = node.putObject("group_roles");
        s.groupRoles().forEach((group, role) -> roles.put(group, role.label()));
        ObjectNode projects = node.putObject("group_projects");
        s.groupProjects().forEach((group, names) -> names.stream().sorted().forEach(projects.withArray(group)::add));
        node.put("connect_timeout_ms", s.connectTimeout().toMillis());
        node.put("response_timeout_ms", s.responseTimeout().toMillis());
        return node;
    }

    private static LdapSettings parse(JsonNode node, String password) {
        return new LdapSettings(text(node, "url"), text(node, "bind_dn"), password, text(node, "user_base"),
                textOr(node, "user_filter", "(uid={0})"), text(node, "group_base"),
                textOr(node, "group_filter", "(member={0})"), textOr(node, "group_name_attribute", "cn"),
                roles(node.get("group_roles")), projects(node.get("group_projects")),
                millis(node, "connect_timeout_ms"), millis(node, "response_timeout_ms"));
    }

    private static Map<String, Role> roles(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw new InvalidLdapSettings("group_roles must be an object of group name to role");
        Map<String, Role> roles = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) throw new InvalidLdapSettings("group_roles: the role of group " + e.getKey() + " must be admin, operator or viewer");
            try {
                roles.put(e.getKey(), Role.parse(e.getValue().asText()));
            } catch (IllegalArgumentException bad) {
                throw new InvalidLdapSettings("group_roles: the role of group " + e.getKey() + " must be admin, operator or viewer");
            }
        });
        return roles;
    }

    private static Map<String, Set<String>> projects(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw new InvalidLdapSettings("group_projects must be an object of group name to a list of projects");
        Map<String, Set<String>> projects = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isArray()) throw new InvalidLdapSettings("group_projects: group " + e.getKey() + " must list project names");
            Set<String> names = new LinkedHashSet<>();
            e.getValue().forEach(p -> {
                if (!p.isTextual()) throw new InvalidLdapSettings("group_projects: group " + e.getKey() + " must list project names");
                names.add(p.asText());
            });
            projects.put(e.getKey(), names);
        });
        return projects;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new InvalidLdapSettings(field + " must be a string");
        return value.asText();
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }

    private static Duration millis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.canConvertToLong() || !value.isIntegralNumber()) throw new InvalidLdapSettings(field + " must be a whole number of milliseconds");
        return Duration.ofMillis(value.asLong());
    }
}
