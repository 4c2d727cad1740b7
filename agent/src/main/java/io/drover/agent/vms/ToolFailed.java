package io.drover.agent.vms;

/** An external tool (qemu-img, genisoimage) failed, timed out or could not be run. */
public final class ToolFailed extends OperationFailed {
    public ToolFailed(String message) {
        super(message);
    }

    public ToolFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
