package io.drover.server.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.server.http.Json;
import io.drover.server.identity.SecretBox;
import io.drover.server.identity.SecretUnreadable;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LdapSettingsJsonTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private final SecretBox box = SecretBox.withKey(Base64.getDecoder().decode(SecretBox.newKey()));
    private final LdapSettings settings = TestDirectory.settings("ldaps://ldap.example.org", Duration.ofSeconds(3));

    @Test
    void storedFormSealsThePasswordAndRoundTrips() {
        String stored = LdapSettingsJson.toStored(settings, box);
        assertThat(stored).doesNotContain(TestDirectory.SERVICE_PASSWORD).contains("\"bind_password_sealed\":\"v1:");
        assertThat(LdapSettingsJson.fromStored(stored, box)).isEqualTo(settings);
    }

    @Test
    void storedWithAnotherKeyIsUnreadable() {
        String stored = LdapSettingsJson.toStored(settings, box);
        SecretBox other = SecretBox.withKey(Base64.getDecoder().decode(SecretBox.newKey()));
        assertThatThrownBy(() -> LdapSettingsJson.fromStored(stored, other)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void theAdminViewHasNoPassword() {
        ObjectNode shown = LdapSettingsJson.forAdmin(settings);
        assertThat(shown.toString()).doesNotContain(TestDirectory.SERVICE_PASSWORD).doesNotContain("sealed").doesNotContain("v1:");
        assertThat(shown.has("bind_password")).isFalse();
        assertThat(shown.get("bind_password_set").asBoolean()).isTrue();
        assertThat(shown.get("group_roles").get("drover-admins").asText()).isEqualTo("admin");
        assertThat(shown.get("group_projects").get("team-x").get(0).asText()).isEqualTo("x");
        assertThat(shown.get("connect_timeout_ms").asLong()).isEqualTo(3000);
    }

    @Test
    void whatTheAdminSawPostedBackKeepsThePassword() {
        ObjectNode shown = LdapSettingsJson.forAdmin(settings);
        assertThat(LdapSettingsJson.fromAdmin(shown, Optional.of(settings))).isEqualTo(settings);
        shown.put("bind_password", "new-password");
        assertThat(LdapSettingsJson.fromAdmin(shown, Optional.of(settings)).bindPassword()).isEqualTo("new-password");
        ObjectNode noPassword = LdapSettingsJson.forAdmin(settings);
        assertThatThrownBy(() -> LdapSettingsJson.fromAdmin(noPassword, Optional.empty()))
                .isInstanceOf(InvalidLdapSettings.class).hasMessageContaining("bind_password is required");
    }

    @Test
    void aMinimalPostGetsTheDefaults() throws Exception {
        JsonNode body = MAPPER.readTree("""
                {"url": "ldap://ldap", "bind_dn": "cn=svc,dc=x", "bind_password": "pw", "user_base": "dc=x",
                 "group_base": "dc=x", "group_roles": {"admins": "admin"}}""");
        LdapSettings parsed = LdapSettingsJson.fromAdmin(body, Optional.empty());
        assertThat(parsed.userFilter()).isEqualTo("(uid={0})");
        assertThat(parsed.groupFilter()).isEqualTo("(member={0})");
        assertThat(parsed.groupNameAttribute()).isEqualTo("cn");
        assertThat(parsed.groupProjects()).isEmpty();
    }

    @Test
    void badPostsAreClear() throws Exception {
        assertInvalid("[]", "JSON object");
        assertInvalid("{\"url\": 5, \"bind_password\": \"pw\"}", "url must be a string");
        assertInvalid("{\"uri\": \"ldap://x\"}", "unknown field uri");
        assertInvalid("{\"url\": \"ldap://ldap\", \"bind_dn\": \"cn=svc,dc=x\", \"bind_password\": \"pw\", \"user_base\": \"dc=x\","
                + " \"group_base\": \"dc=x\", \"group_roles\": {\"admins\": \"root\"}}", "must be admin, operator or viewer");
        assertInvalid("{\"url\": \"ldap://ldap\", \"bind_dn\": \"cn=svc,dc=x\", \"bind_password\": \"pw\", \"user_base\": \"dc=x\","
                + " \"group_base\": \"dc=x\", \"group_roles\": {\"admins\": \"admin\"}, \"connect_timeout_ms\": \"soon\"}", "whole number");
        assertInvalid("{\"url\": \"ldap://ldap\", \"bind_dn\": \"cn=svc,dc=x\", \"bind_password\": \"pw\", \"user_base\": \"dc=x\","
                + " \"group_base\": \"dc=x\", \"group_roles\": {\"admins\": \"admin\"}, \"group_projects\": {\"t\": \"p\"}}", "must list project names");
    }

    private static void assertInvalid(String json, String message) throws Exception {
        JsonNode body = MAPPER.readTree(json);
        assertThatThrownBy(() -> LdapSettingsJson.fromAdmin(body, Optional.empty()))
                .isInstanceOf(InvalidLdapSettings.class).hasMessageContaining(message);
    }
}
