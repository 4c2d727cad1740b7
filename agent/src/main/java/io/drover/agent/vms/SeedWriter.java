package io.drover.agent.vms;

import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a VM's cloud-init seed: {@link SeedIso} with genisoimage, or a fake in the operations' unit tests. */
public interface SeedWriter {
    /** Writes {@code iso} for {@code vm}; only a complete file gets that name. */
    void write(VmSpec vm, Path iso) throws ToolFailed, IOException;
}
