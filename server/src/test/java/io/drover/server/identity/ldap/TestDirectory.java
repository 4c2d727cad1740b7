package io.drover.server.identity.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.drover.server.access.Role;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** An in-memory directory on a loopback port with a few users and groups, and settings that point at it. */
final class TestDirectory implements AutoCloseable {
    static final String BASE = "dc=example,dc=org";
    static final String SERVICE_DN = "cn=drover,ou=services," + BASE;
    static final String SERVICE_PASSWORD = "service-secret";

    final InMemoryDirectoryServer server;

    TestDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
        for (String ou : new String[] {"people", "groups", "services", "contractors"}) {
            server.add("dn: ou=" + ou + "," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: " + ou);
        }
        server.add("dn: " + SERVICE_DN, "objectClass: top", "objectClass: person", "cn: drover", "sn: service",
                "userPassword: " + SERVICE_PASSWORD);
        person("alice", "Alice Admin", "alice-pw");
        person("bob", "Bob Operator", "bob-pw");
        person("carol", "Carol Viewer", "carol-pw");
        person("dave", "Dave Nobody", "dave-pw");
        person("erin", "Erin Team", "erin-pw");
        server.add("dn: uid=twin,ou=people," + BASE, "objectClass: inetOrgPerson", "uid: twin", "cn: Twin One", "sn: x", "userPassword: twin-pw");
        server.add("dn: uid=twin,ou=contractors," + BASE, "objectClass: inetOrgPerson", "uid: twin", "cn: Twin Two", "sn: x", "userPassword: twin-pw");
        group("drover-admins", "alice");
        group("drover-operators", "alice", "bob");
        group("drover-viewers", "carol", "erin");
        group("team-x", "bob", "erin");
        group("staff", "dave", "alice", "bob", "carol");
        server.startListening();
    }

    private void person(String uid, String name, String password) throws Exception {
        server.add("dn: uid=" + uid + ",ou=people," + BASE, "objectClass: top", "objectClass: inetOrgPerson",
                "uid: " + uid, "cn: " + name, "sn: " + name.split(" ")[1], "displayName: " + name,
                "mail: " + uid + "@example.org", "userPassword: " + password);
    }

    private void group(String cn, String... members) throws Exception {
        String[] lines = new String[members.length + 3];
        lines[0] = "dn: cn=" + cn + ",ou=groups," + BASE;
        lines[1] = "objectClass: groupOfNames";
        lines[2] = "cn: " + cn;
        for (int i = 0; i < members.length; i++) lines[i + 3] = "member: uid=" + members[i] + ",ou=people," + BASE;
        server.add(lines);
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    LdapSettings settings() {
        return settings(url(), Duration.ofSeconds(2));
    }

    static LdapSettings settings(String url, Duration timeout) {
        return new LdapSettings(url, SERVICE_DN, SERVICE_PASSWORD, "ou=people," + BASE, "(uid={0})",
                "ou=groups," + BASE, "(member={0})", "cn",
                Map.of("drover-admins", Role.ADMIN, "drover-operators", Role.OPERATOR, "Drover-Viewers", Role.VIEWER),
                Map.of("team-x", Set.of("x"), "drover-operators", Set.of("ops")), timeout, timeout);
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
