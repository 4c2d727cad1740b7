package io.drover.server.identity.ldap;

import org.assertj.core.api.ThrowableAssert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.access.Role;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LdapSettingsTest {
    private static final String BASE = "dc=example,dc=org";

    private static LdapSettings with(String url, String userFilter, String groupFilter, Map<String, Role> roles, Duration timeout) {
        return new LdapSettings(url, "cn=svc," + BASE, "pw", "ou=people," + BASE, userFilter, "ou=groups," + BASE,
                groupFilter, "cn", roles, Map.of(), timeout, timeout);
    }

    @Test
    void goodSettingsGetDefaultTimeouts() {
        LdapSettings s = with("ldaps://ldap.example.org:636", "(uid={0})", "(member={0})", Map.of("admins", Role.ADMIN), null);
        assertThat(s.connectTimeout()).isEqualTo(LdapSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(s.responseTimeout()).isEqualTo(LdapSettings.DEFAULT_RESPONSE_TIMEOUT);
        assertThat(s.groupRoles().get("ADMINS")).isEqualTo(Role.ADMIN);
        assertThat(with("ldap://ldap", "(&(objectClass=person)(uid={0}))", "(memberUid={1})", Map.of("a", Role.VIEWER), null)).isNotNull();
    }

    @Test
    void badValuesNameTheField() {
        Map<String, Role> roles = Map.of("admins", Role.ADMIN);
        assertInvalid(() -> with(null, "(uid={0})", "(member={0})", roles, null), "url is required");
        assertInvalid(() -> with("http://ldap", "(uid={0})", "(member={0})", roles, null), "ldap:// or ldaps://");
        assertInvalid(() -> with("ldap://", "(uid={0})", "(member={0})", roles, null), "host");
        assertInvalid(() -> with("ldap://ldap/dc=x", "(uid={0})", "(member={0})", roles, null), "only ldap[s]://host");
        assertInvalid(() -> with("ldap://ldap", "(uid=alice)", "(member={0})", roles, null), "user_filter must contain {0}");
        assertInvalid(() -> with("ldap://ldap", "(uid={0}", "(member={0})", roles, null), "user_filter is not a valid LDAP filter");
        assertInvalid(() -> with("ldap://ldap", "(uid={0})", "(member=x)", roles, null), "group_filter must contain");
        assertInvalid(() -> with("ldap://ldap", "(uid={0})", "(member={0})", Map.of(), null), "group_roles must map at least one group");
        assertInvalid(() -> with("ldap://ldap", "(uid={0})", "(member={0})", Map.of("a", Role.ADMIN, "A", Role.VIEWER), null), "appears twice");
        assertInvalid(() -> with("ldap://ldap", "(uid={0})", "(member={0})", roles, Duration.ZERO), "connect_timeout_ms");
        assertInvalid(() -> with("ldap://ldap", "(uid={0})", "(member={0})", roles, Duration.ofMinutes(5)), "connect_timeout_ms");
        assertInvalid(() -> new LdapSettings("ldap://ldap", "not a dn", "pw", BASE, "(uid={0})", BASE, "(member={0})", "cn", roles, null, null, null), "bind_dn is not a valid DN");
        assertInvalid(() -> new LdapSettings("ldap://ldap", "cn=svc", "", BASE, "(uid={0})", BASE, "(member={0})", "cn", roles, null, null, null), "bind_password is required");
        assertInvalid(() -> new LdapSettings("ldap://ldap", "cn=svc", "pw", BASE, "(uid={0})", BASE, "(member={0})", "c n", roles, null, null, null), "group_name_attribute");
        assertInvalid(() -> new LdapSettings("ldap://ldap", "cn=svc", "pw", BASE, "(uid={0})", BASE, "(member={0})", "cn", roles,
                Map.of("team", Set.of(" ")), null, null), "group_projects");
    }

    @Test
    void toStringHidesTheBindPassword() {
        LdapSettings s = new LdapSettings("ldap://ldap", "cn=svc", "hunter2-very-secret", BASE, "(uid={0})", BASE, "(member={0})",
                "cn", Map.of("a", Role.ADMIN), null, null, null);
        assertThat(s.toString()).doesNotContain("hunter2").contains("(hidden)");
    }

    @Test
    void filterPlaceholdersAreFilledInOnePass() {
        assertThat(FilterTemplate.fill("(|(member={0})(memberUid={1}))", "cn={1}", "bob")).isEqualTo("(|(member=cn={1})(memberUid=bob))");
        assertThat(FilterTemplate.escape("*)(uid=*")).isEqualTo("\\2a\\29\\28uid=\\2a");
    }

    private static void assertInvalid(ThrowableAssert.ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(InvalidLdapSettings.class).hasMessageContaining(message);
    }
}
