package io.drover.server.hosts;

/** A hypervisor host as stored. {@code lastHeartbeatMs} is null until its agent first reports. */
record Host(String id, String name, boolean enabled, long joinedMs, Long lastHeartbeatMs) {}
