package io.drover.server.tasks;

import java.util.List;

/**
 * The steps of one task and what to do when it ends. Made by the {@link Planner} of its kind,
 * for a new task and again for one resumed after a restart.
 */
public interface TaskPlan {
    List<Step> steps();

    /** Called as the task ends, with its final status, just before that is stored. */
    default void finished(TaskRecord task) {}

    /** Makes the plan of a stored task of one kind. */
    @FunctionalInterface
    interface Planner {
        TaskPlan plan(TaskRecord task);
    }
}
