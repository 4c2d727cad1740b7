package io.drover.server.networks;

import java.util.List;

/** A network VMs' NICs sit on; {@code project} null is shared by all projects. */
public record Network(String id, String name, String project, NetworkKind kind, String bridge, Integer vlan, long createdMs,
                      List<Subnet> subnets) {}
