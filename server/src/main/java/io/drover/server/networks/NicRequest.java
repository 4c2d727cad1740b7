package io.drover.server.networks;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One NIC of a VM being created: its network (id or name) and, if the caller wants one, its address. */
public record NicRequest(@JsonProperty("network") String network, @JsonProperty("address") String address) {}
