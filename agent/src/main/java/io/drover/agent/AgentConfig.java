package io.drover.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything the agent is told on its command line (see {@link Main}). */
public record AgentConfig(
        List<URI> servers,
        String joinToken,
        String name,
        String libvirtUri,
        Accel accel,
        Path dataDir,
        String listenAddress,
        int listenPort,
        Duration heartbeat,
        Duration inventoryInterval) {

    /** How guests are accelerated: KVM where a probe guest really runs under it, else TCG. */
    public enum Accel { AUTO, KVM, TCG }
}
