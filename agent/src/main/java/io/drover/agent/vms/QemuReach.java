package io.drover.agent.vms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether QEMU's user can reach the data dir: it must be able to enter every directory from
 * {@code /} down to the data dir and its {@code images/} and {@code vms/}, or each VM fails at
 * its start with "Permission denied". Read from the mode bits as the kernel applies them (the
 * owner's bits for the owner, else the group's for a group QEMU has, else the others'); ACLs are
 * not read. What does not exist yet is made 0755 by the agent, so only its parents count.
 */
public final class QemuReach {
    private QemuReach() {
    }

    /** Checks for the QEMU user of {@code libvirtUri} as the host configures it; nothing for a session or remote URI. */
    public static void check(String libvirtUri, Path dataDir) throws DataDirUnreachable {
        Optional<QemuUser> user = QemuUser.Lookup.system().forUri(libvirtUri);
        if (user.isPresent()) check(user.get(), dataDir);
    }

    /** Names every directory in the way at once, so that one fix is enough. */
    public static void check(QemuUser qemu, Path dataDir) throws DataDirUnreachable {
        List<String> blocked = new ArrayList<>();
        List<String> fix = new ArrayList<>();
        for (Path dir : path(dataDir)) {
            int uid;
            int gid;
            int mode;
            try {
                uid = (Integer) Files.getAttribute(dir, "unix:uid");
                gid = (Integer) Files.getAttribute(dir, "unix:gid");
                mode = (Integer) Files.getAttribute(dir, "unix:mode");
            } catch (IOException | UnsupportedOperationException e) {
                throw new DataDirUnreachable("cannot read the permissions of " + dir + " to check that QEMU can reach "
                        + dataDir + ": " + e.getMessage());
            }
            int bits = uid == qemu.uid() ? mode >> 6 : qemu.gids().contains(gid) ? mode >> 3 : mode;
            if ((bits & 1) == 0) {
                blocked.add(dir + " (" + PosixFilePermissions.toString(permissions(mode)) + ", owner uid " + uid
                        + ", group gid " + gid + ")");
                fix.add(dir.toString());
            }
        }
        if (!blocked.isEmpty()) {
            throw new DataDirUnreachable("QEMU runs as " + qemu.name() + " (uid " + qemu.uid() + ") and cannot enter "
                    + String.join(", ", blocked) + ", so every VM under --data-dir " + dataDir
                    + " would fail to start with \"Permission denied\". Let it through with: chmod o+x "
                    + String.join(" ", fix) + " (or choose a --data-dir it can reach, such as /var/lib/drover-agent)");
        }
    }

    /**
     * The existing directories QEMU passes through: every one on the real path (symbolic links
     * resolved) from {@code /} to the data dir, then its images/ and vms/ when they exist.
     */
    private static List<Path> path(Path dataDir) throws DataDirUnreachable {
        Path absolute = dataDir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return List.of();
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new DataDirUnreachable("cannot resolve " + existing + " to check that QEMU can reach " + dataDir + ": " + e);
        }
        List<Path> dirs = new ArrayList<>();
        for (Path p = real; p != null; p = p.getParent()) dirs.add(0, p);
        if (existing.equals(absolute)) {
            for (String sub : List.of("images", "vms")) {
                if (Files.isDirectory(real.resolve(sub))) dirs.add(real.resolve(sub));
            }
        }
        return dirs;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (0400 >> i)) != 0) perms.add(order[i]);
        }
        return perms;
    }
}
