package io.drover.server.tracker;

import java.util.List;

/**
 * One validated {@code POST /api/register} body. {@code hostname}, {@code ipAddress} and
 * {@code networkInterface} are always set; the rest is null when the sender did not say.
 */
record Heartbeat(
        String hostname,
        String ipAddress,
        String networkInterface,
        String uuid,
        Integer intervalSeconds,
        List<String> ipAddresses,
        String os,
        String agentVersion) {}
