package io.drover.server.tasks;

import java.util.List;

/**
 * One step of a task, with the compensation that undoes it. Both must be idempotent: after a
 * server restart a step may run again, and a compensation may run for a step that did only
 * part of its work (the one that failed).
 */
public interface Step {
    String name();

    /** The step names this step shows on the task; a step run by an agent reports several. */
    default List<String> shows() {
        return List.of(name());
    }

    void run(TaskRun run) throws Exception;

    default void compensate(TaskRun run) throws Exception {}
}
