package io.drover.server.identity.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.drover.server.access.Role;
import io.drover.server.identity.ldap.LdapLoginRefused.Reason;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.SocketFactory;

/**
 * Logs a user in against a directory: bind as the service account, find the user's entry with the
 * escaped username, read their groups, then bind as the user with their password. The role is the
 * highest any of their groups maps to (admin > operator > viewer); no mapped group, no login.
 *
 * <p>One connection per login, closed at the end, rather than a pool: logins come at human rate
 * (and are rate limited), a pooled connection sits idle until a firewall or the directory drops it
 * silently, and binding as the user changes who the connection is, so a pooled one would need a
 * re-bind before reuse anyway. The connect and response timeouts bound every step, so a dead
 * directory costs a login seconds, not a hung request thread. ldaps:// verifies the server's
 * certificate against the JVM's trust store and its host name.
 */
public final class LdapDirectory {
    private static final String[] USER_ATTRIBUTES = {"displayName", "cn", "mail"};
    private static final int MAX_USERNAME = 256;
    private static final int MAX_GROUPS = 1000;

    private final LdapSettings settings;
    private final LDAPURL url;

    public LdapDirectory(LdapSettings settings) {
        this.settings = settings;
        this.url = LdapSettings.ldapUrl(settings.url());
    }

    /**
     * The user {@code username} logs in as with {@code password}; throws {@link LdapLoginRefused}
     * when the directory says no (for any reason, the same message) and {@link DirectoryUnavailable}
     * when it cannot answer.
     */
    public LdapUser authenticate(String username, String password) {
        // Before any network: a DN with an empty password is an "unauthenticated bind", which
        // directories answer with success (RFC 4513 5.1.2) — it would let anyone in as anyone.
        if (password == null || password.isEmpty()) throw new LdapLoginRefused(Reason.EMPTY_PASSWORD);
        if (username == null || username.isBlank() || username.length() > MAX_USERNAME) throw new LdapLoginRefused(Reason.UNKNOWN_USER);
        try (LDAPConnection connection = connect()) {
            bindServiceAccount(connection);
            SearchResultEntry entry = findUser(connection, username);
            Set<String> groups = groupsOf(connection, entry.getDN(), username);
            bindAsUser(connection, entry.getDN(), password);
            return toUser(entry, username, groups);
        }
    }

    /** Connects and binds as the service account, for an admin's "test these settings"; throws {@link DirectoryUnavailable} when that fails. */
    public void checkServiceAccount() {
        try (LDAPConnection connection = connect()) {
            bindServiceAccount(connection);
        }
    }

    private LDAPConnection connect() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Math.toIntExact(settings.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setFollowReferrals(false); // a referral could send the user's password to another server
        options.setAbandonOnTimeout(true);
        try {
            SocketFactory sockets = null;
            if (settings.secure()) {
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
                sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
            }
            return new LDAPConnection(sockets, options, url.getHost(), url.getPort());
        } catch (LDAPException e) {
            throw unavailable("cannot connect to the directory at " + url.getHost() + ":" + url.getPort(), e);
        } catch (GeneralSecurityException e) {
            throw new DirectoryUnavailable("cannot set up TLS for the directory: " + e.getMessage(), e);
        }
    }

    private void bindServiceAccount(LDAPConnection connection) {
        try {
            connection.bind(new SimpleBindRequest(settings.bindDn(), settings.bindPassword()));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                throw new DirectoryUnavailable("the directory refused the service account " + settings.bindDn()
                        + " (check bind_dn and bind_password)", e);
            }
            throw unavailable("binding the service account", e);
        }
    }

    private SearchResultEntry findUser(LDAPConnection connection, String username) {
        Filter filter = filter(settings.userFilter(), FilterTemplate.escape(username), FilterTemplate.escape(username));
        SearchRequest request = new SearchRequest(settings.userBase(), SearchScope.SUB, filter, USER_ATTRIBUTES);
        request.setSizeLimit(2); // one is the answer, two means the filter is ambiguous
        request.setDerefPolicy(DereferencePolicy.NEVER);
        SearchResult result;
        try {
            result = connection.search(request);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) throw new LdapLoginRefused(Reason.AMBIGUOUS_USER);
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                throw new DirectoryUnavailable("user_base " + settings.userBase() + " does not exist in the directory", e);
            }
            throw unavailable("searching the user", e);
        }
        if (result.getEntryCount() > 1) throw new LdapLoginRefused(Reason.AMBIGUOUS_USER);
        if (result.getEntryCount() == 0) throw new LdapLoginRefused(Reason.UNKNOWN_USER);
        return result.getSearchEntries().get(0);
    }

    private Set<String> groupsOf(LDAPConnection connection, String userDn, String username) {
        Filter filter = filter(settings.groupFilter(), FilterTemplate.escape(userDn), FilterTemplate.escape(username));
        SearchRequest request = new SearchRequest(settings.groupBase(), SearchScope.SUB, filter, settings.groupNameAttribute());
        request.setSizeLimit(MAX_GROUPS);
        request.setDerefPolicy(DereferencePolicy.NEVER);
        SearchResult result;
        try {
            result = connection.search(request);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                throw new DirectoryUnavailable("group_base " + settings.groupBase() + " does not exist in the directory", e);
            }
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) throw unavailable("searching the user's groups", e);
            result = e.getSearchResult(); // a member of over 1000 groups: map the ones we got
        }
        Set<String> groups = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (SearchResultEntry group : result.getSearchEntries()) {
            String[] names = group.getAttributeValues(settings.groupNameAttribute());
            if (names != null) groups.addAll(Set.of(names));
        }
        return groups;
    }

    private void bindAsUser(LDAPConnection connection, String dn, String password) {
        BindRequest bind = new SimpleBindRequest(dn, password);
        try {
            connection.bind(bind);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) throw new LdapLoginRefused(Reason.WRONG_PASSWORD);
            if (!ResultCode.isConnectionUsable(e.getResultCode())) throw unavailable("binding as the user", e);
            throw new LdapLoginRefused(Reason.ACCOUNT_REFUSED);
        }
    }

    private LdapUser toUser(SearchResultEntry entry, String username, Set<String> groups) {
        Role role = null;
        Set<String> projects = new HashSet<>();
        for (String group : groups) {
            Role mapped = settings.groupRoles().get(group);
            if (mapped != null && (role == null || mapped.ordinal() < role.ordinal())) role = mapped; // ADMIN < OPERATOR < VIEWER
            projects.addAll(settings.groupProjects().getOrDefault(group, Set.of()));
        }
        if (role == null) throw new LdapLoginRefused(Reason.NO_MAPPED_GROUP);
        String displayName = Optional.ofNullable(entry.getAttributeValue("displayName")).orElse(entry.getAttributeValue("cn"));
        return new LdapUser(entry.getDN(), username, displayName, entry.getAttributeValue("mail"), Set.copyOf(groups), role, projects);
    }

    private static Filter filter(String template, String zero, String one) {
        try {
            return Filter.create(FilterTemplate.fill(template, zero, one));
        } catch (LDAPException e) {
            // Cannot happen: the template was validated and escaped values cannot change its structure.
            throw new IllegalStateException("the configured filter did not parse after filling it in", e);
        }
    }

    private DirectoryUnavailable unavailable(String doing, LDAPException e) {
        return new DirectoryUnavailable(doing + ": " + e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")"), e);
    }
}
