package io.drover.server.vms;

/**
 * A VM that stopped running by itself: its host reported it in {@code error} (QEMU paused it on
 * an error, or the guest crashed; agents before that state said {@code crashed}). No resume brings
 * it back, only a force-stop and a start, and the words here say so where a user looks: the VM's
 * {@code error}, its state event, and the answer to a power action it cannot take.
 */
final class VmFaults {
    static final String ADVICE = "force-stop it, then start it";

    private VmFaults() {}

    /** libvirt's reason for the fault, in words. */
    static String words(String reason) {
        if (reason == null) return "it stopped running by itself";
        return switch (reason) {
            case "unknown" -> "QEMU stopped the guest without giving a reason (under KVM, the mark of an emulation failure: "
                    + "the host's KVM cannot run this guest)";
            case "ioerror" -> "a disk I/O error paused the guest";
            case "watchdog" -> "the guest's watchdog fired";
            case "panicked", "crashed" -> "the guest crashed (kernel panic)";
            case "postcopy_failed" -> "a migration failed after the switch-over";
            case "api_error" -> "libvirt paused the guest after an error of its own";
            default -> "it stopped running by itself (libvirt's reason: " + reason + ")";
        };
    }

    /** Whether a fault with this reason points at the host's accelerator rather than the guest or its disks. */
    static boolean blamesAccelerator(String reason) {
        return "unknown".equals(reason);
    }
}
