package io.drover.server.tasks;

/** A step could not do its work; the message is shown on the task. */
public class StepFailed extends Exception {
    public StepFailed(String message) {
        super(message);
    }

    public StepFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
