package io.drover.server.identity.ldap;

import io.drover.server.access.Role;
import java.util.Set;

/**
 * Who logged in through the directory. The DN is the stable identity (a uid filter matches case
 * insensitively, so "Alice" and "alice" are the same entry); {@code username} is as typed.
 *
 * @param displayName the entry's displayName, else its cn, else null
 * @param email       the entry's mail, or null
 * @param groups      every group name found for the user, mapped or not
 * @param role        the highest role any of the groups maps to
 * @param projects    the union of the projects the groups map to
 */
public record LdapUser(String dn, String username, String displayName, String email, Set<String> groups,
                       Role role, Set<String> projects) {
    public LdapUser {
        groups = Set.copyOf(groups);
        projects = Set.copyOf(projects);
    }
}
