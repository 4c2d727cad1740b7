package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A guest's address and where it was learnt: {@code agent} (qemu-guest-agent), {@code lease}
 * (DHCP lease), {@code arp}, or {@code tracker} (the in-guest tracker's heartbeat; server side).
 */
public record GuestIp(@JsonProperty("address") String address, @JsonProperty("source") String source) {}
