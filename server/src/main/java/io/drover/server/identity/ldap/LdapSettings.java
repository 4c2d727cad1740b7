package io.drover.server.identity.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import io.drover.server.access.Role;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to log users in through a directory. Validated on construction ({@link InvalidLdapSettings}
 * names the field), so a settings object that exists can be used.
 *
 * @param url                {@code ldap://host[:port]} or {@code ldaps://host[:port]}
 * @param bindDn             the service account that searches users and groups
 * @param bindPassword       its password (stored encrypted, never shown; {@link #toString} hides it)
 * @param userBase           where users are searched (subtree)
 * @param userFilter         the user search, {@code {0}} standing for the escaped username, e.g. {@code (uid={0})}
 * @param groupBase          where groups are searched (subtree)
 * @param groupFilter        the group search, {@code {0}} standing for the escaped user DN (e.g.
 *                           {@code (member={0})}) and {@code {1}} for the escaped username (e.g. {@code (memberUid={1})})
 * @param groupNameAttribute the group attribute whose value the maps below use, e.g. {@code cn}
 * @param groupRoles         group name to role; group names match case-insensitively, as LDAP compares them
 * @param groupProjects      group name to the projects its members belong to; may be empty
 */
public record LdapSettings(String url, String bindDn, String bindPassword, String userBase, String userFilter,
                           String groupBase, String groupFilter, String groupNameAttribute,
                           Map<String, Role> groupRoles, Map<String, Set<String>> groupProjects,
                           Duration connectTimeout, Duration responseTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+");

    public LdapSettings {
        ldapUrl(url);
        requireDn("bind_dn", bindDn);
        if (bindPassword == null || bindPassword.isEmpty()) throw new InvalidLdapSettings("bind_password is required");
        requireDn("user_base", userBase);
        requireFilter("user_filter", userFilter, "{0}", "the username");
        requireDn("group_base", groupBase);
        if (groupFilter == null || !(groupFilter.contains("{0}") || groupFilter.contains("{1}"))) {
            throw new InvalidLdapSettings("group_filter must contain {0} (the user DN) or {1} (the username), e.g. (member={0})");
        }
        requireFilter("group_filter", groupFilter, null, null);
        if (groupNameAttribute == null || !ATTRIBUTE.matcher(groupNameAttribute).matches()) {
            throw new InvalidLdapSettings("group_name_attribute must be an attribute name such as cn");
        }
        groupRoles = caseInsensitive("group_roles", groupRoles);
        if (groupRoles.isEmpty()) throw new InvalidLdapSettings("group_roles must map at least one group to a role, or nobody could log in");
        groupRoles.forEach((group, role) -> {
            if (role == null) throw new InvalidLdapSettings("group_roles: the role of group " + group + " must be admin, operator or viewer");
        });
        groupProjects = caseInsensitive("group_projects", groupProjects == null ? Map.of() : groupProjects);
        Map<String, Set<String>> projects = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        groupProjects.forEach((group, names) -> {
            if (names == null || names.stream().anyMatch(p -> p == null || p.isBlank())) {
                throw new InvalidLdapSettings("group_projects: group " + group + " must list project names");
            }
            projects.put(group, Set.copyOf(new TreeSet<>(names)));
        });
        groupProjects = Collections.unmodifiableMap(projects);
        connectTimeout = timeout("connect_timeout_ms", connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        responseTimeout = timeout("response_timeout_ms", responseTimeout, DEFAULT_RESPONSE_TIMEOUT);
    }

    /** The same settings with another bind password (the admin's form leaves it out to keep the stored one). */
    public LdapSettings withBindPassword(String password) {
        return new LdapSettings(url, bindDn, password, userBase, userFilter, groupBase, groupFilter, groupNameAttribute,
                groupRoles, groupProjects, connectTimeout, responseTimeout);
    }

    boolean secure() {
        return url.regionMatches(true, 0, "ldaps:", 0, 6);
    }

    static LDAPURL ldapUrl(String url) {
        if (url == null || url.isBlank()) throw new InvalidLdapSettings("url is required, e.g. ldaps://ldap.example.org");
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) throw new InvalidLdapSettings("url must start with ldap:// or ldaps://");
        LDAPURL parsed;
        try {
            parsed = new LDAPURL(url);
        } catch (LDAPException e) {
            throw new InvalidLdapSettings("url is not an LDAP URL: " + e.getMessage());
        }
        if (!parsed.hostProvided()) throw new InvalidLdapSettings("url must name the directory's host");
        if (parsed.baseDNProvided() || parsed.attributesProvided() || parsed.filterProvided()) {
            throw new InvalidLdapSettings("url must be only ldap[s]://host[:port]; give the search bases and filters in their own fields");
        }
        return parsed;
    }

    private static void requireDn(String field, String dn) {
        if (dn == null || dn.isBlank()) throw new InvalidLdapSettings(field + " is required, e.g. dc=example,dc=org");
        if (!DN.isValidDN(dn)) throw new InvalidLdapSettings(field + " is not a valid DN: " + dn);
    }

    private static void requireFilter(String field, String filter, String placeholder, String meaning) {
        if (filter == null || filter.isBlank()) throw new InvalidLdapSettings(field + " is required");
        if (placeholder != null && !filter.contains(placeholder)) {
            throw new InvalidLdapSettings(field + " must contain " + placeholder + " where " + meaning + " goes, e.g. (uid={0})");
        }
        try {
            Filter.create(FilterTemplate.fill(filter, "x", "x"));
        } catch (LDAPException e) {
            throw new InvalidLdapSettings(field + " is not a valid LDAP filter: " + e.getMessage());
        }
    }

    private static <V> Map<String, V> caseInsensitive(String field, Map<String, V> map) {
        if (map == null) return Map.of();
        Map<String, V> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.forEach((group, value) -> {
            if (group == null || group.isBlank()) throw new InvalidLdapSettings(field + ": a group name is empty");
            if (out.containsKey(group)) throw new InvalidLdapSettings(field + ": group " + group + " appears twice (names are compared ignoring case)");
            out.put(group, value);
        });
        return Collections.unmodifiableMap(out);
    }

    private static Duration timeout(String field, Duration given, Duration fallback) {
        if (given == null) return fallback;
        if (given.isNegative() || given.isZero() || given.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new InvalidLdapSettings(field + " must be between 1 and " + LONGEST_TIMEOUT.toMillis());
        }
        return given;
    }

    @Override
    public String toString() {
        return "LdapSettings[url=" + url + ", bindDn=" + bindDn + ", bindPassword=(hidden), userBase=" + userBase
                + ", userFilter=" + userFilter + ", groupBase=" + groupBase + ", groupFilter=" + groupFilter
                + ", groupNameAttribute=" + groupNameAttribute + ", groupRoles=" + groupRoles
                + ", groupProjects=" + groupProjects + ", connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + "]";
    }
}
