package io.drover.server.vms;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.Page;
import io.drover.protocol.link.AgentCommand;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.Bodies;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.drover.server.placement.HostStatus;
import io.drover.server.projects.ProjectScope;
import io.drover.server.tasks.TaskRecord;
import io.drover.server.tasks.TaskView;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /api/v1/vms}: create, list, show, power actions, resize, delete. */
final class VmRoutes {
    /** Optional body of stop and reboot. */
    record StopRequest(@JsonProperty("timeout_seconds") Integer timeoutSeconds) {}

    record ResizeRequest(@JsonProperty("cpus") Integer cpus, @JsonProperty("memory_mib") Long memoryMib) {}

    record Accepted(@JsonProperty("vm") VmView vm, @JsonProperty("task") TaskView task) {}

    /** API action names (with '-') to the agent's (with '_'). */
    private static final Map<String, String> ACTIONS = Map.of("start", AgentCommand.START, "stop", AgentCommand.STOP,
            "force-stop", AgentCommand.FORCE_STOP, "reboot", AgentCommand.REBOOT, "suspend", AgentCommand.SUSPEND,
            "resume", AgentCommand.RESUME);

    private final VmService service;
    private final VmStore store;
    private final VmViews views;
    private final HostFleet fleet;
    private final ImageLookup images;
    private final ObjectMapper mapper;

    VmRoutes(VmService service, VmStore store, VmViews views, HostFleet fleet, ImageLookup images, ObjectMapper mapper) {
        this.service = service;
        this.store = store;
        this.views = views;
        this.fleet = fleet;
        this.images = images;
        this.mapper = mapper;
    }

    /** The longest IPv6 literal (with an embedded IPv4 address). */
    private static final int MAX_IP_LENGTH = 45;

    List<Route> routes() {
        List<Route> routes = new ArrayList<>(List.of(
                Route.post("/api/v1/vms", Permission.VMS_WRITE, this::create),
                Route.get("/api/v1/vms", Permission.VMS_READ, this::list),
                Route.get("/api/v1/vms/{id}", Permission.VMS_READ, this::show),
                Route.delete("/api/v1/vms/{id}", Permission.VMS_WRITE, this::delete),
                Route.post("/api/v1/vms/{id}/resize", Permission.VMS_WRITE, this::resize)));
        for (String action : List.of("start", "stop", "force-stop", "reboot", "suspend", "resume")) {
            routes.add(Route.post("/api/v1/vms/{id}/" + action, Permission.VMS_WRITE, ctx -> power(ctx, action)));
        }
        return routes;
    }

    private void create(Context ctx) {
        CreateVmRequest request = Bodies.json(ctx, mapper, CreateVmRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body is required");
        VmService.Started started = service.create(request, Principal.of(ctx));
        ctx.header("Location", "/api/v1/vms/" + started.vm().id());
        ctx.status(202).json(new Accepted(views.detail(store.get(started.vm().id()).orElse(started.vm())),
                TaskView.of(started.task(), mapper)));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String named = ctx.queryParam("status");
        VmStatus status = named == null ? null : VmStatus.parse(named).orElseThrow(() -> new InvalidRequest("status must be one of "
                + Arrays.stream(VmStatus.values()).map(VmStatus::wire).sorted().collect(Collectors.joining(", "))));
        String host = ctx.queryParam("host");
        String hostId = host == null || host.isEmpty() ? null : fleet.resolve(host).orElse(host);
        String q = ctx.queryParam("q");
        if (q != null && q.isEmpty()) q = null;
        if (q != null && q.length() > VmName.MAX_LENGTH) throw new InvalidRequest("q is longer than a VM name can be");
        // An image by id or name; a VM whose image is gone keeps its id, so an unknown value is tried as one.
        String image = ctx.queryParam("image");
        String imageId = image == null || image.isEmpty() ? null : images.find(image).map(i -> i.ref().id()).orElse(image);
        String ip = ctx.queryParam("ip");
        if (ip != null && ip.isEmpty()) ip = null;
        if (ip != null && ip.length() > MAX_IP_LENGTH) throw new InvalidRequest("ip is longer than an IP address can be");
        VmSort sort = VmSort.parse(ctx.queryParam("sort"));
        VmSort.Key after = sort.key(ctx.queryParam("cursor"));
        Set<String> projects = ProjectScope.of(Principal.of(ctx), ctx.queryParam("project"));
        // One reading of the hosts' liveness serves the status filter and the statuses shown.
        Map<String, HostFleet.Summary> hosts = views.hosts();
        Map<String, HostStatus> liveness = hosts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status()));
        VmFilter filter = new VmFilter(hostId, q, imageId, status, liveness, ip, ip == null ? Set.of() : views.trackedWithAddress(ip, projects));
        List<VmView> page = new ArrayList<>();
        List<Vm> rows = new ArrayList<>(); // page's rows, for the cursor's key
        String next = null;
        // The store answers every filter; a tracker's address is also checked against the VM's own
        // project here (the store's candidates are by id only), so a batch may come back short.
        while (true) {
            List<Vm> batch = store.page(sort, after, filter, projects, limit + 1);
            for (int i = 0; i < batch.size() && page.size() <= limit; i++) {
                Vm vm = batch.get(i);
                after = new VmSort.Key(vm.name(), vm.createdMs());
                VmView view = views.summary(vm, hosts);
                if (ip == null || hasAddress(view, ip)) {
                    page.add(view);
                    rows.add(vm);
                }
            }
            if (page.size() > limit) {
                page = page.subList(0, limit);
                Vm last = rows.get(limit - 1);
                next = sort.cursor(last.name(), last.createdMs());
                break;
            }
            if (batch.size() < limit + 1) break;
        }
        ctx.json(new Page<>(page, next));
    }

    /** Whether one of the VM's addresses starts with prefix (a whole address, or a prefix such as "10.0."). */
    private static boolean hasAddress(VmView view, String prefix) {
        return view.ips() != null && view.ips().stream().anyMatch(g -> g.address() != null && g.address().startsWith(prefix));
    }

    private void show(Context ctx) {
        ctx.json(views.detail(service.find(ctx.pathParam("id"), Principal.of(ctx))));
    }

    private void power(Context ctx, String action) {
        Integer timeout = null;
        if (action.equals("stop") || action.equals("reboot")) {
            timeout = Bodies.json(ctx, mapper, StopRequest.class, new StopRequest(null)).timeoutSeconds();
        }
        accepted(ctx, service.power(ctx.pathParam("id"), ACTIONS.get(action), timeout, Principal.of(ctx)));
    }

    private void resize(Context ctx) {
        ResizeRequest r = Bodies.json(ctx, mapper, ResizeRequest.class, new ResizeRequest(null, null));
        accepted(ctx, service.resize(ctx.pathParam("id"), r.cpus(), r.memoryMib(), Principal.of(ctx)));
    }

    private void delete(Context ctx) {
        accepted(ctx, service.delete(ctx.pathParam("id"), Principal.of(ctx)));
    }

    private void accepted(Context ctx, TaskRecord task) {
        ctx.header("Location", "/api/v1/tasks/" + task.id());
        ctx.status(202).json(new Accepted(store.get(task.vmId()).map(views::detail).orElse(null), TaskView.of(task, mapper)));
    }
}
