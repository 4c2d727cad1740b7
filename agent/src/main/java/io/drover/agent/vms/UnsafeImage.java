package io.drover.agent.vms;

/**
 * A base image that would make QEMU open another file of the host (a backing file, an external
 * data file) or that is not of the format the server said; it is not cached or used.
 */
public final class UnsafeImage extends OperationFailed {
    public UnsafeImage(String message) {
        super(message);
    }
}
