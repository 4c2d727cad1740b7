package io.drover.agent;

import io.drover.agent.facts.HostFacts;
import io.drover.agent.facts.HostFactsReader;
import io.drover.agent.http.AgentEndpoints;
import io.drover.agent.join.Backoff;
import io.drover.agent.join.Credentials;
import io.drover.agent.join.JoinClient;
import io.drover.agent.join.JoinRefused;
import io.drover.agent.libvirt.Hypervisor;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.agent.link.ServerLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent, wired by hand: it joins the server once (or uses the credential it stored),
 * then serves its info endpoint, with what libvirt reports. The server link and the VM lifecycle
 * build on this.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("drover-agent");
    private static final Duration LIBVIRT_TIMEOUT = Duration.ofSeconds(15);

    private final AgentConfig config;
    private final Credentials credentials;
    private final HostFactsReader facts;
    private final AgentEndpoints endpoints;
    private final Hypervisor hypervisor;
    private final ServerLink link;
    private final Instant started = Instant.now();

    private Agent(AgentConfig config, Credentials credentials) throws IOException {
        this.config = config;
        this.credentials = credentials;
        this.facts = new HostFactsReader(Path.of("/proc"), config.dataDir());
        this.hypervisor = new Hypervisor(config.libvirtUri(), LIBVIRT_TIMEOUT);
        this.link = new ServerLink(config.servers(), credentials.credential(), config.heartbeat(), Backoff.DEFAULT);
        link.start();
        this.endpoints = new AgentEndpoints(config.listenAddress(), config.listenPort(), this::info, this::metrics);
    }

    /**
     * Joins when there is no stored credential (with the join token; none is an error), stores the
     * credential, and starts serving. Blocks while no server answers the join.
     */
    public static Agent start(AgentConfig config) throws JoinRefused, NotJoined, InterruptedException, IOException {
        Optional<Credentials> stored = Credentials.load(config.dataDir());
        Credentials credentials;
        if (stored.isPresent()) {
            credentials = stored.get();
            log.info("using the stored credential of host {} (joined through {})", credentials.hostId(), credentials.server());
        } else {
            if (config.joinToken() == null || config.joinToken().isBlank()) throw new NotJoined();
            credentials = new JoinClient(config.servers(), Backoff.DEFAULT).join(config.joinToken(), config.name());
            credentials.save(config.dataDir());
            log.info("joined as host {} through {}", credentials.hostId(), credentials.server());
        }
        return new Agent(config, credentials);
    }

    public Credentials credentials() {
        return credentials;
    }

    public int listenPort() {
        return endpoints.port();
    }

    private Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("agent", "drover-agent");
        info.put("version", Main.version());
        info.put("host_id", credentials.hostId());
        info.put("name", config.name());
        info.put("libvirt_uri", config.libvirtUri());
        info.put("accel", config.accel().name().toLowerCase(java.util.Locale.ROOT));
        info.put("started_at", started.toString());
        info.put("linked", link.connected());
        try {
            info.put("facts", facts.read());
        } catch (IOException | UncheckedIOException e) {
            info.put("facts_error", e.getMessage());
        }
        try {
            info.put("hypervisor", hypervisor.facts());
        } catch (HypervisorUnavailable e) {
            info.put("hypervisor_error", e.getMessage());
        }
        return info;
    }

    private String metrics() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP drover_agent_up 1 while the agent runs\n# TYPE drover_agent_up gauge\ndrover_agent_up 1\n");
        out.append("# HELP drover_agent_start_time_seconds When the agent started\n# TYPE drover_agent_start_time_seconds gauge\n");
        out.append("drover_agent_start_time_seconds ").append(started.getEpochSecond()).append('\n');
        try {
            HostFacts f = facts.read();
            out.append("# HELP drover_host_cpus CPUs of the host\n# TYPE drover_host_cpus gauge\ndrover_host_cpus ").append(f.cpus()).append('\n');
            out.append("# HELP drover_host_memory_bytes Memory of the host\n# TYPE drover_host_memory_bytes gauge\n");
            out.append("drover_host_memory_bytes ").append(f.memoryMib() << 20).append('\n');
            out.append("# HELP drover_host_disk_free_bytes Free space in the agent's data dir\n# TYPE drover_host_disk_free_bytes gauge\n");
            out.append("drover_host_disk_free_bytes ").append(f.diskFreeGib() << 30).append('\n');
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot read host facts: {}", e.getMessage());
        }
        return out.toString();
    }

    @Override
    public void close() {
        link.close();
        endpoints.close();
        hypervisor.close();
    }

    /** No stored credential and no join token: the agent cannot identify itself. */
    public static final class NotJoined extends Exception {
        NotJoined() {
            super("this host has not joined yet: start the agent once with --join-token TOKEN "
                    + "(an admin creates one with POST /api/v1/hosts/join-tokens)");
        }
    }
}
