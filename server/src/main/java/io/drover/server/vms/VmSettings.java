package io.drover.server.vms;

import io.drover.server.placement.PlacementSettings;
import java.time.Duration;

/**
 * How the server makes and runs VMs.
 *
 * @param defaultImage the image {@code POST /api/v1/vm} (the original create API) uses, or null
 * @param stopTimeout  how long a stop waits for the guest's ACPI shutdown before forcing it off
 * @param createDeadline how long a create may take before it is rolled back
 */
public record VmSettings(String defaultImage, Duration stopTimeout, Duration createDeadline, PlacementSettings placement) {
    public static VmSettings defaults() {
        return new VmSettings(null, Duration.ofSeconds(60), Duration.ofMinutes(30), PlacementSettings.defaults());
    }

    public VmSettings withDefaultImage(String image) {
        return new VmSettings(image, stopTimeout, createDeadline, placement);
    }

    public VmSettings withPlacement(PlacementSettings value) {
        return new VmSettings(defaultImage, stopTimeout, createDeadline, value);
    }
}
