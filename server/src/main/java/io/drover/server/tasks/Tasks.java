package io.drover.server.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.http.Route;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The task feature, wired: store, runner, routes. Features register their task kinds on {@link #runner()}. */
public final class Tasks implements AutoCloseable {
    /** Tasks run at once at most; more wait their turn (each mostly waits on an agent). */
    static final int THREADS = 32;

    private final TaskRunner runner;
    private final List<Route> routes;

    public Tasks(Jdbi jdbi, ObjectMapper mapper, Clock clock) {
        this.runner = new TaskRunner(new TaskStore(jdbi, mapper), clock, THREADS);
        this.routes = new TaskRoutes(runner, mapper).routes();
    }

    public TaskRunner runner() {
        return runner;
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        runner.close();
    }
}
