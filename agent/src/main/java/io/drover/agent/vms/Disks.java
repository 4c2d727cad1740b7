package io.drover.agent.vms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Makes a VM's disk with qemu-img: a qcow2 overlay on the cached base image, or a blank qcow2 for ISO installs. */
public final class Disks implements DiskMaker {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long GIB = 1L << 30;

    private final String qemuImg;

    public Disks() {
        this("qemu-img");
    }

    public Disks(String qemuImg) {
        this.qemuImg = qemuImg;
    }

    @Override
    public void overlay(Path base, String baseFormat, long baseVirtualBytes, Path overlay, long diskGib) throws ToolFailed, IOException {
        List<String> cmd = new ArrayList<>(List.of(qemuImg, "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", baseFormat, overlay.toString()));
        if (diskGib * GIB >= baseVirtualBytes) cmd.add(diskGib + "G");
        create(cmd, overlay);
    }

    @Override
    public void blank(Path disk, long diskGib) throws ToolFailed, IOException {
        create(List.of(qemuImg, "create", "-q", "-f", "qcow2", disk.toString(), diskGib + "G"), disk);
    }

    private void create(List<String> cmd, Path disk) throws ToolFailed, IOException {
        Path tmp = disk.resolveSibling(disk.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        List<String> toTmp = new ArrayList<>(cmd);
        toTmp.set(toTmp.indexOf(disk.toString()), tmp.toString());
        try {
            Tool.run(toTmp, null, TIMEOUT);
            VmFiles.makeReadable(tmp);
            // Only a complete disk gets the real name, so "the disk exists" means it is usable.
            Files.move(tmp, disk, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
