package io.drover.server.placement;

import java.util.Locale;

/**
 * How placement weighs and limits hosts. {@code cpuRatio} vCPUs may be allocated per host CPU
 * (default 4.0); memory is never overcommitted by default (1.0) and {@code memoryReserveMib} of
 * each host is kept for the host itself; disk allocation is bounded by the storage dir's size.
 */
public record PlacementSettings(Strategy strategy, double cpuRatio, double memoryRatio, long memoryReserveMib, double diskRatio) {
    public enum Strategy {
        /** Most free host first: VMs spread over the fleet. */
        SPREAD,
        /** Fullest host that still fits first: hosts fill up one by one. */
        PACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static PlacementSettings defaults() {
        return new PlacementSettings(Strategy.SPREAD, 4.0, 1.0, 512, 1.0);
    }
}
