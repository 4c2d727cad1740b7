package io.drover.server.metrics;

import io.drover.server.tasks.TaskRecord;
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
        return tasks(TaskRecord.RUNNING);
    }

    double tasksPending() {
        return tasks(TaskRecord.PENDING);
    }

    private double tasks(String status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE status = :s")
                .bind("s", status).mapTo(Long.class).one());
    }
}
