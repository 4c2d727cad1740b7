package io.drover.server.networks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.Page;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/networks}: admins define networks and subnets; every role sees those its projects may use. */
final class NetworkRoutes {
    private final Networks networks;
    private final ObjectMapper mapper;

    NetworkRoutes(Networks networks, ObjectMapper mapper) {
        this.networks = networks;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/networks", Permission.NETWORKS_READ, this::list),
                Route.post("/api/v1/networks", Permission.NETWORKS_WRITE, this::create),
                Route.get("/api/v1/networks/{network}", Permission.NETWORKS_READ, this::show),
                Route.delete("/api/v1/networks/{network}", Permission.NETWORKS_WRITE, this::delete),
                Route.get("/api/v1/networks/{network}/addresses", Permission.NETWORKS_READ, this::addresses),
                Route.post("/api/v1/networks/{network}/subnets", Permission.NETWORKS_WRITE, this::addSubnet),
                Route.delete("/api/v1/networks/{network}/subnets/{subnet}", Permission.NETWORKS_WRITE, this::deleteSubnet));
    }

    private void list(Context ctx) {
        List<NetworkView> all = networks.list(ProjectScope.of(Principal.of(ctx), ctx.queryParam("project"))).stream().map(NetworkView::of).toList();
        ctx.json(new Page<>(all, null)); // a fleet has tens of networks, not thousands: one page
    }

    private void create(Context ctx) {
        NetworkRequest request = Bodies.json(ctx, mapper, NetworkRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the network's name and kind is required");
        Network made = networks.create(request);
        ctx.header("Location", "/api/v1/networks/" + made.id());
        ctx.status(201).json(NetworkView.of(made));
    }

    private void show(Context ctx) {
        ctx.json(NetworkView.of(visible(ctx)));
    }

    private void delete(Context ctx) {
        networks.delete(visible(ctx).id());
        ctx.status(204);
    }

    private void addresses(Context ctx) {
        Network n = visible(ctx);
        List<NetworkView.SubnetView> subnets = networks.use(n, ProjectScope.of(Principal.of(ctx), null)).stream()
                .map(u -> NetworkView.subnet(u.subnet(), u)).toList();
        ctx.json(Map.of("network", n.name(), "subnets", subnets));
    }

    private void addSubnet(Context ctx) {
        Network n = visible(ctx);
        Subnet s = networks.addSubnet(n.id(), Bodies.json(ctx, mapper, SubnetRequest.class, null));
        ctx.status(201).json(NetworkView.subnet(s, null));
    }

    private void deleteSubnet(Context ctx) {
        networks.deleteSubnet(visible(ctx).id(), ctx.pathParam("subnet"));
        ctx.status(204);
    }

    private Network visible(Context ctx) {
        return networks.visible(ctx.pathParam("network"), ProjectScope.of(Principal.of(ctx), null));
    }
}
