package io.drover.server.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.EventInfo;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.events.Event;
import io.drover.server.events.EventAudience;
import io.drover.server.events.EventStore;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.drover.server.tasks.TaskRunner;
import io.drover.server.tasks.TaskStatus;
import io.drover.server.tasks.TaskView;
import io.drover.server.tracker.Tracking;
import io.drover.server.vms.Vms;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/dashboard}: the fleet at a glance, as the caller may see it (their projects'
 * VMs, tasks, machines and events; the shared hosts and those dedicated to their projects): hosts
 * by status with capacity, allocation and over-commit, VMs by status, tasks running and failed in
 * the last day with the latest failures, tracked machines online and offline, the latest events.
 */
public final class DashboardRoutes {
    static final Duration RECENT = Duration.ofHours(24);
    static final int LATEST_FAILURES = 5, LATEST_EVENTS = 10;

    record HostCounts(@JsonProperty("by_status") Map<String, Integer> byStatus, @JsonProperty("disabled") int disabled,
                 @JsonProperty("capacity") Resources capacity, @JsonProperty("allocated") Resources allocated,
                 @JsonProperty("overcommit") Overcommit overcommit) {}

    record Resources(@JsonProperty("cpus") long cpus, @JsonProperty("memory_mib") long memoryMib,
                     @JsonProperty("disk_gib") long diskGib) {
        static Resources of(HostFleet.Resources r) {
            return new Resources(r.cpus(), r.memoryMib(), r.diskGib());
        }
    }

    /** Allocated over capacity, per resource; null where there is no capacity to divide by. */
    record Overcommit(@JsonProperty("cpus") Double cpus, @JsonProperty("memory") Double memory, @JsonProperty("disk") Double disk) {
        static Overcommit of(HostFleet.Resources capacity, HostFleet.Resources allocated) {
            return new Overcommit(ratio(allocated.cpus(), capacity.cpus()), ratio(allocated.memoryMib(), capacity.memoryMib()),
                    ratio(allocated.diskGib(), capacity.diskGib()));
        }

        private static Double ratio(long used, long total) {
            return total <= 0 ? null : Math.round(used * 100.0 / total) / 100.0;
        }
    }

    record VmCounts(@JsonProperty("by_status") Map<String, Integer> byStatus, @JsonProperty("total") int total) {}

    record TaskCounts(@JsonProperty("running") int running, @JsonProperty("failed_last_24h") int failedLastDay,
                 @JsonProperty("latest_failures") List<TaskView> latestFailures) {}

    record Dashboard(@JsonProperty("hosts") HostCounts hosts, @JsonProperty("vms") VmCounts vms, @JsonProperty("tasks") TaskCounts tasks,
                     @JsonProperty("machines") Map<String, Integer> machines, @JsonProperty("events") List<EventInfo> events) {}

    private final HostFleet fleet;
    private final Vms vms;
    private final TaskRunner tasks;
    private final EventStore events;
    private final Tracking tracking;
    private final Clock clock;
    private final ObjectMapper mapper;

    public DashboardRoutes(HostFleet fleet, Vms vms, TaskRunner tasks, EventStore events, Tracking tracking,
                           Clock clock, ObjectMapper mapper) {
        this.fleet = fleet;
        this.vms = vms;
        this.tasks = tasks;
        this.events = events;
        this.tracking = tracking;
        this.clock = clock;
        this.mapper = mapper;
    }

    public List<Route> routes() {
        return List.of(Route.get("/api/v1/dashboard", Permission.VMS_READ, this::show));
    }

    private void show(Context ctx) {
        Principal caller = Principal.of(ctx);
        Set<String> projects = ProjectScope.of(caller, null);
        long now = clock.millis();
        HostFleet.Overview h = fleet.overview(projects, now);
        Map<String, Integer> vmCounts = vms.statusCounts(projects);
        List<TaskView> failures = tasks.page(null, null, null, TaskStatus.FAILED, projects, LATEST_FAILURES).stream()
                .map(t -> TaskView.of(t, mapper)).toList();
        List<EventInfo> latest = events.page(null, LATEST_EVENTS, null, null, EventAudience.of(caller, null)).stream()
                .map(Event::info).toList();
        ctx.json(new Dashboard(
                new HostCounts(h.byStatus(), h.disabled(), Resources.of(h.capacity()), Resources.of(h.allocated()),
                        Overcommit.of(h.capacity(), h.allocated())),
                new VmCounts(vmCounts, vmCounts.values().stream().mapToInt(Integer::intValue).sum()),
                new TaskCounts(tasks.count(TaskStatus.RUNNING, null, projects),
                        tasks.count(TaskStatus.FAILED, now - RECENT.toMillis(), projects), failures),
                tracking.statusCounts(projects),
                latest));
    }
}
