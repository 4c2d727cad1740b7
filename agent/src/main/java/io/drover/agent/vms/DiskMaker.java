package io.drover.agent.vms;

import java.io.IOException;
import java.nio.file.Path;

/** Makes a VM's disk: {@link Disks} with qemu-img, or a fake in the operations' unit tests. */
public interface DiskMaker {
    /**
     * Creates {@code overlay} backed by {@code base} (of {@code baseFormat}), {@code diskGib} big
     * unless the base is bigger (an overlay cannot be smaller than what it sits on).
     */
    void overlay(Path base, String baseFormat, long baseVirtualBytes, Path overlay, long diskGib) throws ToolFailed, IOException;

    /** Creates an empty qcow2 disk of {@code diskGib}, for a VM that installs from an ISO. */
    void blank(Path disk, long diskGib) throws ToolFailed, IOException;
}
