package io.drover.agent.vms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuUserTest {
    @TempDir
    Path tmp;
    Path conf;
    Path passwd;
    Path group;

    @BeforeEach
    void setUp() throws Exception {
        conf = tmp.resolve("qemu.conf");
        passwd = Files.writeString(tmp.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                libvirt-qemu:x:64055:107:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin
                qemu:x:107:107:qemu user:/:/sbin/nologin
                """);
        group = Files.writeString(tmp.resolve("group"), """
                root:x:0:
                kvm:x:107:
                disk:x:6:libvirt-qemu,qemu
                libvirt-qemu:x:64055:libvirt-qemu
                """);
    }

    QemuUser.Lookup lookup() {
        return new QemuUser.Lookup(conf, passwd, group);
    }

    @Test
    void debianDefaultsWhenQemuConfSetsNoUser() throws Exception {
        Files.writeString(conf, "# user = \"qemu\"\n#user = \"libvirt-qemu\"\n");
        QemuUser user = lookup().forUri("qemu:///system").orElseThrow();
        assertThat(user.name()).isEqualTo("libvirt-qemu");
        assertThat(user.uid()).isEqualTo(64055);
        // The configured group, the user's primary group and the groups that list it: QEMU has all three.
        assertThat(user.gids()).isEqualTo(Set.of(64055, 107, 6));
    }

    @Test
    void qemuConfUserAndGroupWin() throws Exception {
        Files.writeString(conf, "user = \"qemu\"\n  group=\"kvm\"  # the usual on Fedora\n");
        QemuUser user = lookup().forUri("qemu+unix:///system?socket=/run/libvirt/libvirt-sock").orElseThrow();
        assertThat(user.name()).isEqualTo("qemu");
        assertThat(user.uid()).isEqualTo(107);
        assertThat(user.gids()).isEqualTo(Set.of(107, 6));
    }

    @Test
    void aNumericUserIsAUid() throws Exception {
        Files.writeString(conf, "user = \"+64055\"\ngroup = \"+64055\"\n");
        QemuUser user = lookup().forUri("qemu:///system").orElseThrow();
        assertThat(user.name()).isEqualTo("libvirt-qemu");
        assertThat(user.uid()).isEqualTo(64055);
    }

    @Test
    void nothingToCheckForRootSessionOrRemoteLibvirt() throws Exception {
        Files.writeString(conf, "user = \"root\"\n");
        assertThat(lookup().forUri("qemu:///system")).isEmpty();
        Files.writeString(conf, "user = \"+0\"\n");
        assertThat(lookup().forUri("qemu:///system")).isEmpty();
        Files.writeString(conf, "");
        assertThat(lookup().forUri("qemu:///session")).isEmpty();
        assertThat(lookup().forUri("qemu+ssh://other/system")).isEmpty();
        assertThat(lookup().forUri("test:///default")).isEmpty();
    }

    @Test
    void anUnreadableQemuConfMeansTheDefaultUser() {
        QemuUser user = new QemuUser.Lookup(tmp.resolve("missing.conf"), passwd, group).forUri("qemu:///system").orElseThrow();
        assertThat(user.name()).isEqualTo("libvirt-qemu");
    }

    @Test
    void anUnknownUserMatchesNoOwnerAndNoGroup() throws Exception {
        Files.writeString(conf, "user = \"nobody-here\"\ngroup = \"nobody-here\"\n");
        QemuUser user = lookup().forUri("qemu:///system").orElseThrow();
        assertThat(user.uid()).isEqualTo(QemuUser.UNKNOWN);
        assertThat(user.gids()).isEmpty();
    }
}
