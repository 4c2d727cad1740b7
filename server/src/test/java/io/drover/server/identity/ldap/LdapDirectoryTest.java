package io.drover.server.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.access.Role;
import io.drover.server.identity.ldap.LdapLoginRefused.Reason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LdapDirectoryTest {
    static TestDirectory directory;
    static LdapDirectory ldap;

    @BeforeAll
    static void start() throws Exception {
        directory = new TestDirectory();
        ldap = new LdapDirectory(directory.settings());
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    @Test
    void theHighestMappedGroupGivesTheRole() {
        LdapUser alice = ldap.authenticate("alice", "alice-pw");
        assertThat(alice.dn()).isEqualTo("uid=alice,ou=people," + TestDirectory.BASE);
        assertThat(alice.role()).isEqualTo(Role.ADMIN);
        assertThat(alice.displayName()).isEqualTo("Alice Admin");
        assertThat(alice.email()).isEqualTo("alice@example.org");
        assertThat(alice.groups()).containsExactlyInAnyOrder("drover-admins", "drover-operators", "staff");
        assertThat(alice.projects()).containsExactly("ops");

        LdapUser bob = ldap.authenticate("bob", "bob-pw");
        assertThat(bob.role()).isEqualTo(Role.OPERATOR);
        assertThat(bob.projects()).containsExactlyInAnyOrder("ops", "x");

        // The map says "Drover-Viewers": group names compare ignoring case, as LDAP does.
        assertThat(ldap.authenticate("carol", "carol-pw").role()).isEqualTo(Role.VIEWER);
        assertThat(ldap.authenticate("erin", "erin-pw")).satisfies(erin -> {
            assertThat(erin.role()).isEqualTo(Role.VIEWER);
            assertThat(erin.projects()).containsExactly("x");
        });
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertRefused(() -> ldap.authenticate("alice", "bob-pw"), Reason.WRONG_PASSWORD);
        assertRefused(() -> ldap.authenticate("alice", "alice-pw "), Reason.WRONG_PASSWORD);
    }

    @Test
    void anUnknownUserIsRefusedWithTheSameMessage() {
        String wrongPassword = message(() -> ldap.authenticate("alice", "nope"));
        String unknown = message(() -> ldap.authenticate("mallory", "nope"));
        assertRefused(() -> ldap.authenticate("mallory", "nope"), Reason.UNKNOWN_USER);
        assertThat(unknown).isEqualTo(wrongPassword).doesNotContain("mallory");
    }

    @Test
    void aUserInNoMappedGroupIsRefused() {
        assertRefused(() -> ldap.authenticate("dave", "dave-pw"), Reason.NO_MAPPED_GROUP);
    }

    @Test
    void anEmptyPasswordIsRefusedBeforeTheDirectorySeesIt() {
        // The in-memory server, like real ones, accepts a DN with no password as an unauthenticated bind.
        assertRefused(() -> ldap.authenticate("alice", ""), Reason.EMPTY_PASSWORD);
        assertRefused(() -> ldap.authenticate("alice", null), Reason.EMPTY_PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*)(uid=*", "alice)(|(uid=*", "al*", "*)(|(objectClass=*)", "alice\u0000", "\\2a", "alice)", "(uid=alice)"})
    void filterMetacharactersInTheUsernameMatchNobody(String username) {
        // With alice's password: an injected filter matching alice (or anyone) would log in.
        assertRefused(() -> ldap.authenticate(username, "alice-pw"), Reason.UNKNOWN_USER);
    }

    @Test
    void aUsernameMatchingTwoEntriesIsRefused() {
        LdapSettings wide = new LdapSettings(directory.url(), TestDirectory.SERVICE_DN, TestDirectory.SERVICE_PASSWORD,
                TestDirectory.BASE, "(uid={0})", "ou=groups," + TestDirectory.BASE, "(member={0})", "cn",
                directory.settings().groupRoles(), directory.settings().groupProjects(), null, null);
        assertRefused(() -> new LdapDirectory(wide).authenticate("twin", "twin-pw"), Reason.AMBIGUOUS_USER);
    }

    @Test
    void aWrongServiceAccountPasswordIsADirectoryProblem() {
        LdapDirectory misconfigured = new LdapDirectory(directory.settings().withBindPassword("wrong"));
        assertThatThrownBy(() -> misconfigured.authenticate("alice", "alice-pw")).isInstanceOf(DirectoryUnavailable.class)
                .hasMessageContaining("service account").hasMessageNotContaining("wrong").hasMessageNotContaining("alice-pw");
        assertThatThrownBy(misconfigured::checkServiceAccount).isInstanceOf(DirectoryUnavailable.class);
        ldap.checkServiceAccount();
    }

    @Test
    void aDirectoryThatIsDownFailsFast() throws Exception {
        String url;
        try (TestDirectory gone = new TestDirectory()) {
            url = gone.url();
        }
        LdapDirectory down = new LdapDirectory(TestDirectory.settings(url, Duration.ofSeconds(2)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> down.authenticate("alice", "alice-pw")).isInstanceOf(DirectoryUnavailable.class)
                .hasMessageContaining("cannot connect");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aDirectoryThatNeverAnswersTimesOut() throws Exception {
        // A listener that accepts the connection (the kernel's backlog does) but never replies.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            LdapDirectory hung = new LdapDirectory(TestDirectory.settings("ldap://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> hung.authenticate("alice", "alice-pw")).isInstanceOf(DirectoryUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static void assertRefused(ThrowingCallable login, Reason reason) {
        assertThatThrownBy(login).isInstanceOfSatisfying(LdapLoginRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static String message(ThrowingCallable login) {
        try {
            login.call();
        } catch (Throwable e) {
            return e.getMessage();
        }
        throw new AssertionError("the login was accepted");
    }
}
