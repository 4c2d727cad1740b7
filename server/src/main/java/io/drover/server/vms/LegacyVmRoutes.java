package io.drover.server.vms;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.link.GuestIp;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.Bodies;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original create API, kept for its users: {@code POST /api/v1/vm} with
 * {@code {"Name","RAM","CPU","Disk"}} (strings; RAM in MiB, Disk like "10G") makes a VM from the
 * configured default image, and {@code GET /api/v1/vm} lists VMs in that shape with {@code IP}
 * "unassigned" until one is known.
 */
final class LegacyVmRoutes {
    private static final Pattern DISK = Pattern.compile("(\\d{1,6})\\s*(G|GB|GiB|g)?");

    record LegacyCreate(@JsonProperty("Name") String name, @JsonProperty("RAM") String ram, @JsonProperty("CPU") String cpu,
                      @JsonProperty("Disk") String disk) {}

    @JsonPropertyOrder({"Name", "RAM", "CPU", "Disk", "IP", "CreatedAt"})
    record LegacyVm(@JsonProperty("Name") String name, @JsonProperty("RAM") String ram, @JsonProperty("CPU") String cpu,
                  @JsonProperty("Disk") String disk, @JsonProperty("IP") String ip, @JsonProperty("CreatedAt") String createdAt) {}

    private final VmService service;
    private final VmStore store;
    private final VmViews views;
    private final VmSettings settings;
    private final ObjectMapper mapper;

    LegacyVmRoutes(VmService service, VmStore store, VmViews views, VmSettings settings, ObjectMapper mapper) {
        this.service = service;
        this.store = store;
        this.views = views;
        this.settings = settings;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(Route.post("/api/v1/vm", Permission.VMS_WRITE, this::create), Route.get("/api/v1/vm", Permission.VMS_READ, this::list));
    }

    private void create(Context ctx) {
        LegacyCreate r = Bodies.json(ctx, mapper, LegacyCreate.class, null);
        if (r == null) throw new InvalidRequest("a JSON body with Name, RAM, CPU and Disk is required");
        if (settings.defaultImage() == null) {
            throw new VmConflict("no default image is configured for this API; start the server with --default-image NAME");
        }
        VmService.Started started = service.create(new CreateVmRequest(r.name(), number("CPU", r.cpu()).intValue(),
                number("RAM", r.ram()), disk(r.disk()), settings.defaultImage(), null, null, null, true, null, null), Principal.of(ctx));
        ctx.status(201).json(legacy(started.vm()));
    }

    private void list(Context ctx) {
        List<LegacyVm> out = new ArrayList<>();
        String after = null;
        while (true) { // every VM, in name order, a page at a time
            List<Vm> page = store.page(after, ProjectScope.of(Principal.of(ctx), null), 1000);
            page.forEach(vm -> out.add(legacy(vm)));
            if (page.size() < 1000) break;
            after = page.get(page.size() - 1).name();
        }
        ctx.json(out);
    }

    private LegacyVm legacy(Vm vm) {
        List<GuestIp> ips = views.ips(vm);
        return new LegacyVm(vm.name(), Long.toString(vm.memoryMib()), Integer.toString(vm.cpus()), vm.diskGib() + "G",
                ips.isEmpty() ? "unassigned" : ips.get(0).address(), Rfc3339.format(vm.createdMs()));
    }

    private static Long number(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidRequest(field + " is required");
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequest(field + " must be a whole number, got " + quoted(value));
        }
    }

    private static Long disk(String value) {
        if (value == null || value.isBlank()) throw new InvalidRequest("Disk is required");
        Matcher m = DISK.matcher(value.trim());
        if (!m.matches()) throw new InvalidRequest("Disk must be a size in GiB like \"10G\", got " + quoted(value));
        return Long.parseLong(m.group(1));
    }

    private static String quoted(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
