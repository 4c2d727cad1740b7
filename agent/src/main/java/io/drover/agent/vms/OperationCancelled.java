package io.drover.agent.vms;

/** The server cancelled the operation; what it had done is undone. */
public final class OperationCancelled extends OperationFailed {
    public OperationCancelled(String opId) {
        super("operation " + opId + " was cancelled");
    }
}
