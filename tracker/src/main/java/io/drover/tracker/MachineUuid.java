package io.drover.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The SMBIOS system UUID, which on a libvirt guest equals the domain UUID; the server uses it to
 * match a heartbeat to the VM it created. Only root may read it on most kernels, so it is
 * optional.
 */
final class MachineUuid {

    static final Path SMBIOS_PRODUCT_UUID = Path.of("/sys/class/dmi/id/product_uuid");

    private MachineUuid() {
    }

    static Optional<String> read(Path productUuid) {
        try {
            String uuid = Files.readString(productUuid).strip().toLowerCase(Locale.ROOT);
            return uuid.isEmpty() ? Optional.empty() : Optional.of(uuid);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
