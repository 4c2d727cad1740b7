package io.drover.server.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventStore;
import io.drover.server.hosts.AgentListener;
import io.drover.server.hosts.AgentSessions;
import io.drover.server.hosts.HostDomains;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.Route;
import io.drover.server.placement.Placement;
import io.drover.server.placement.PlacementPolicy;
import io.drover.server.projects.Projects;
import io.drover.server.tasks.TaskRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The VM feature, wired: store, placement, tasks, commands to hosts, what hosts report, routes. */
public final class Vms {
    private final List<Route> routes;
    private final VmObserver observer;

    public Vms(VmRecords records, Jdbi jdbi, ObjectMapper mapper, Clock clock, VmSettings settings, AgentSessions sessions, HostFleet fleet,
               ImageLookup images, TrackedIps tracked, EventLog events, EventStore eventStore, TaskRunner tasks,
               Projects projects) {
        VmStore store = records.store;
        HostCommands commands = new HostCommands(sessions);
        Placement placement = new Placement(jdbi, fleet, new PlacementPolicy(settings.placement()), clock);
        VmStates states = new VmStates(store, events, fleet);
        VmSteps steps = new VmSteps(store, states, placement, commands, images, settings, mapper, clock);
        new VmTaskKinds(store, steps, events, mapper, clock).registerOn(tasks);
        this.observer = new VmObserver(store, commands, tasks, states, clock);
        VmService service = new VmService(store, tasks, images, fleet, settings, mapper, clock, projects);
        VmViews views = new VmViews(fleet, tracked, images, tasks, eventStore, mapper, clock);
        List<Route> all = new ArrayList<>(new VmRoutes(service, store, views, fleet, mapper).routes());
        all.addAll(new LegacyVmRoutes(service, store, views, settings, mapper).routes());
        this.routes = List.copyOf(all);
    }

    public List<Route> routes() {
        return routes;
    }

    /** What agents report goes here. */
    public AgentListener agentListener() {
        return observer;
    }

    public HostDomains hostDomains() {
        return observer;
    }
}
