package io.drover.server.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Principal;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventStore;
import io.drover.server.hosts.AgentListener;
import io.drover.server.hosts.AgentSessions;
import io.drover.server.hosts.HostDomains;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.Route;
import io.drover.server.placement.Placement;
import io.drover.server.placement.PlacementPolicy;
import io.drover.server.networks.Networks;
import io.drover.server.projects.Projects;
import io.drover.server.tasks.TaskRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Set;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The VM feature, wired: store, placement, tasks, commands to hosts, what hosts report, routes. */
public final class Vms {
    private final List<Route> routes;
    private final VmObserver observer;
    private final VmStore store;
    private final VmViews views;
    private final VmService service;

    public Vms(VmRecords records, Jdbi jdbi, ObjectMapper mapper, Clock clock, VmSettings settings, AgentSessions sessions, HostFleet fleet,
               ImageLookup images, TrackedIps tracked, EventLog events, EventStore eventStore, TaskRunner tasks,
               Projects projects, Networks networks) {
        this.store = records.store;
        HostCommands commands = new HostCommands(sessions);
        Placement placement = new Placement(jdbi, fleet, new PlacementPolicy(settings.placement()), clock);
        VmStates states = new VmStates(store, events, fleet);
        VmSteps steps = new VmSteps(store, states, placement, commands, images, networks, settings, mapper, clock);
        new VmTaskKinds(store, steps, events, mapper, clock).registerOn(tasks);
        this.observer = new VmObserver(store, commands, tasks, states, clock);
        this.service = new VmService(store, tasks, images, fleet, networks, settings, mapper, clock, projects);
        this.views = new VmViews(fleet, tracked, images, networks, tasks, eventStore, mapper, clock);
        List<Route> all = new ArrayList<>(new VmRoutes(service, store, views, fleet, images, mapper).routes());
        all.addAll(new LegacyVmRoutes(service, store, views, settings, mapper).routes());
        this.routes = List.copyOf(all);
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * How many VMs of {@code projects} (all when null) have each status the API shows, by its
     * word; statuses no VM has are left out. Counted in the store by what a status is derived
     * from (phase, host, observed state), so the cost follows hosts and states, not VMs.
     */
    public Map<String, Integer> statusCounts(Set<String> projects) {
        Map<String, HostFleet.Summary> hosts = views.hosts();
        Map<String, Integer> counts = new TreeMap<>();
        for (VmStore.StatusGroup g : store.statusGroups(projects)) {
            counts.merge(views.status(g.phase(), g.hostId(), g.observed(), hosts).wire(), g.count(), Integer::sum);
        }
        return counts;
    }

    /**
     * The VM by id or name with its host and status, if {@code caller} may see it; else
     * {@link VmNotFound} (404), as for every VM route.
     */
    public VmOnHost onHost(String idOrName, Principal caller) {
        Vm vm = service.find(idOrName, caller);
        return new VmOnHost(vm.id(), vm.name(), vm.project(), vm.hostId(), views.status(vm, views.hosts()).wire());
    }

    /** What agents report goes here. */
    public AgentListener agentListener() {
        return observer;
    }

    public HostDomains hostDomains() {
        return observer;
    }
}
