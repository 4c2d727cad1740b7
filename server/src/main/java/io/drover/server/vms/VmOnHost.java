package io.drover.server.vms;

/**
 * A VM as the console relay needs it: which host holds it and what the API says it is doing
 * ({@code running}, {@code stopped}, … as in the VM's {@code status}).
 */
public record VmOnHost(String id, String name, String project, String hostId, String status) {
    /** Its display and serial port exist only while QEMU runs it. */
    public boolean hasLiveConsole() {
        return "running".equals(status) || "paused".equals(status);
    }
}
