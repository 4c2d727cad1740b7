package io.drover.server.tasks;

/** What a running step sees of its task. */
public interface TaskRun {
    TaskRecord task();

    /** Records a step's status (e.g. an agent's progress on the steps it runs). */
    void step(String name, StepStatus status, String detail);

    void hostId(String hostId);

    void decision(String json);

    boolean cancelled();

    /** Runs {@code action} (once) when the task is cancelled while this step runs; at once if it already is. */
    void onCancel(Runnable action);

    /** Milliseconds until the task's deadline (negative once passed). */
    long remainingMs();
}
