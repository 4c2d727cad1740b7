package io.drover.agent;

import io.drover.agent.accel.AccelMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the agent is told on its command line (see {@link Main}).
 *
 * @param serverFingerprint {@code sha256:HEX} of the server's TLS certificate to pin, or null
 * @param libvirtNetns      the network namespace libvirt's bridges are in, or null for the agent's own
 */
public record AgentConfig(
        List<URI> servers,
        String joinToken,
        String serverFingerprint,
        String name,
        String libvirtUri,
        AccelMode accel,
        Path dataDir,
        String listenAddress,
        int listenPort,
        Duration heartbeat,
        Duration inventoryInterval,
        String libvirtNetns) {
}
