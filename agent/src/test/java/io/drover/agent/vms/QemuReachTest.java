package io.drover.agent.vms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuReachTest {
    /** Not the owner of anything here and in none of its groups: only the "other" bits count. */
    static final QemuUser STRANGER = new QemuUser("libvirt-qemu", 64055, Set.of(64055));

    @TempDir
    Path tmp;
    int myUid;
    int myGid;

    @BeforeEach
    void setUp() throws Exception {
        // @TempDir is 0700; open it so that only what each test sets matters.
        mode(tmp, "rwxr-xr-x");
        myUid = (Integer) Files.getAttribute(tmp, "unix:uid");
        myGid = (Integer) Files.getAttribute(tmp, "unix:gid");
    }

    @Test
    void aDataDirUnderA0700ParentIsRefusedNamingTheParentAndTheFix() throws Exception {
        Path locked = Files.createDirectory(tmp.resolve("home"));
        mode(locked, "rwx------");
        Path data = Files.createDirectories(locked.resolve("drover/data"));

        assertThatThrownBy(() -> QemuReach.check(STRANGER, data))
                .isInstanceOf(DataDirUnreachable.class)
                .hasMessageContaining("libvirt-qemu (uid 64055)")
                .hasMessageContaining("cannot enter " + locked + " (rwx------")
                .hasMessageContaining("chmod o+x " + locked)
                .hasMessageContaining(data.toString());
    }

    @Test
    void everyDirectoryInTheWayIsNamedAtOnce() throws Exception {
        Path outer = Files.createDirectory(tmp.resolve("outer"));
        Path inner = Files.createDirectories(outer.resolve("inner"));
        Path data = Files.createDirectories(inner.resolve("data"));
        mode(outer, "rwx------");
        mode(inner, "rwxr-x---");
        assertThatThrownBy(() -> QemuReach.check(STRANGER, data))
                .hasMessageContaining("cannot enter " + outer + " (rwx------, owner uid " + myUid + ", group gid " + myGid
                        + "), " + inner + " (rwxr-x---")
                .hasMessageContaining("chmod o+x " + outer + " " + inner + " (");
    }

    @Test
    void aParentThatLetsOthersThroughIsEnough() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("srv"));
        mode(parent, "rwx--x--x");
        Path data = Files.createDirectories(parent.resolve("data"));
        assertThatCode(() -> QemuReach.check(STRANGER, data)).doesNotThrowAnyException();
    }

    @Test
    void theOwnersBitsCountForTheOwnerAndTheGroupsForItsGroup() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("mine"));
        Path data = Files.createDirectories(parent.resolve("data"));
        mode(parent, "rwx------");
        assertThatCode(() -> QemuReach.check(new QemuUser("owner", myUid, Set.of()), data)).doesNotThrowAnyException();

        mode(parent, "rwxr-x---");
        QemuUser inGroup = new QemuUser("member", myUid + 1, Set.of(myGid));
        assertThatCode(() -> QemuReach.check(inGroup, data)).doesNotThrowAnyException();
        assertThatThrownBy(() -> QemuReach.check(STRANGER, data)).isInstanceOf(DataDirUnreachable.class);

        // The owner's bits decide for the owner even when "other" could pass (as in the kernel).
        mode(parent, "---r-x--x");
        assertThatThrownBy(() -> QemuReach.check(new QemuUser("owner", myUid, Set.of()), data))
                .isInstanceOf(DataDirUnreachable.class);
    }

    @Test
    void imagesAndVmsMustBeReachableToo() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path vms = Files.createDirectories(data.resolve("vms"));
        Files.createDirectories(data.resolve("images"));
        mode(vms, "rwx------");
        assertThatThrownBy(() -> QemuReach.check(STRANGER, data))
                .isInstanceOf(DataDirUnreachable.class)
                .hasMessageContaining("cannot enter " + vms);
    }

    @Test
    void whatDoesNotExistYetIsMadeReachableLaterSoOnlyItsParentsCount() throws Exception {
        assertThatCode(() -> QemuReach.check(STRANGER, tmp.resolve("new/data"))).doesNotThrowAnyException();
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        mode(locked, "rwx------");
        assertThatThrownBy(() -> QemuReach.check(STRANGER, locked.resolve("new/data")))
                .isInstanceOf(DataDirUnreachable.class).hasMessageContaining("cannot enter " + locked);
    }

    @Test
    void aSymlinkedDataDirIsCheckedWhereItReallyIs() throws Exception {
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        mode(locked, "rwx------");
        Path real = Files.createDirectories(locked.resolve("data"));
        Path link = Files.createSymbolicLink(tmp.resolve("data"), real);
        assertThatThrownBy(() -> QemuReach.check(STRANGER, link))
                .isInstanceOf(DataDirUnreachable.class).hasMessageContaining("cannot enter " + locked);
    }

    static void mode(Path p, String perms) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }
}
