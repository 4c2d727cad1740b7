package io.drover.agent.vms;

/** An operation on a VM could not be done; the message says why, for the task's error. */
public class OperationFailed extends Exception {
    public OperationFailed(String message) {
        super(message);
    }

    public OperationFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
