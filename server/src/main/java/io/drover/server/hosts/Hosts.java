package io.drover.server.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.http.Route;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The hypervisor-host feature, wired: store, join tokens, routes. */
public final class Hosts {
    private final List<Route> routes;

    public Hosts(Jdbi jdbi, Clock clock, ObjectMapper mapper) {
        this.routes = new HostRoutes(jdbi, new HostStore(jdbi), new JoinTokens(jdbi), clock, mapper).routes();
    }

    public List<Route> routes() {
        return routes;
    }
}
