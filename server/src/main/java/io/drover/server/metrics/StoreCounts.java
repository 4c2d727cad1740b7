package io.drover.server.metrics;

import io.drover.server.tasks.TaskStatus;
import org.jdbi.v3.core.Jdbi;

/** Counts read from the store when metrics are scraped: one indexed or small query each. */
final class StoreCounts {
    private final Jdbi jdbi;

    StoreCounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    double vms() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM vms").mapTo(Long.class).one());
    }

    double tasksRunning() {
        return tasks(TaskStatus.RUNNING);
    }

    double tasksPending() {
        return tasks(TaskStatus.PENDING);
    }

    private double tasks(TaskStatus status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE status = :s")
                .bind("s", status.wire()).mapTo(Long.class).one());
    }
}
