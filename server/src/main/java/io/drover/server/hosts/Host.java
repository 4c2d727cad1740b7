package io.drover.server.hosts;

/**
 * A hypervisor host as stored. {@code lastHeartbeatMs} is null until its agent first reports;
 * {@code heartbeatMs} is the interval its agent announced (10 s unless told otherwise).
 */
record Host(String id, String name, boolean enabled, long joinedMs, Long lastHeartbeatMs, long heartbeatMs) {}
