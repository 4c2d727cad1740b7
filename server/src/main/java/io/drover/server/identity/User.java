package io.drover.server.identity;

import io.drover.protocol.identity.UserInfo;
import io.drover.server.access.Role;
import io.drover.server.http.Rfc3339;
import java.util.List;
import java.util.Locale;

/** A user as the server keeps it (without the password hash and second factor, see {@link UserStore.LoginSecrets}). */
public record User(String id, String username, Source source, Role role, List<String> projects, boolean disabled,
                   boolean totpEnabled, long createdMs, Long lastLoginMs) {
    /** Where the password is checked: here, or in the configured LDAP directory. */
    public enum Source { LOCAL, LDAP }

    public UserInfo info() {
        return new UserInfo(id, username, source.name().toLowerCase(Locale.ROOT), role.label(), projects, disabled,
                totpEnabled, Rfc3339.format(createdMs), lastLoginMs == null ? null : Rfc3339.format(lastLoginMs));
    }

    User withProjects(List<String> value) {
        return new User(id, username, source, role, List.copyOf(value), disabled, totpEnabled, createdMs, lastLoginMs);
    }
}
