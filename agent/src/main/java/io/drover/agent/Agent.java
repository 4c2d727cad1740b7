package io.drover.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.accel.Accelerator;
import io.drover.agent.accel.KvmProbe;
import io.drover.agent.facts.FactsReporter;
import io.drover.agent.facts.HostFacts;
import io.drover.agent.facts.HostFactsReader;
import io.drover.agent.http.AgentEndpoints;
import io.drover.agent.inventory.AddressWatch;
import io.drover.agent.inventory.DomainEvents;
import io.drover.agent.inventory.InventoryReporter;
import io.drover.agent.join.Credentials;
import io.drover.agent.join.JoinClient;
import io.drover.agent.join.JoinRefused;
import io.drover.agent.consoles.ConsoleRelay;
import io.drover.agent.libvirt.Domains;
import io.drover.agent.libvirt.Hypervisor;
import io.drover.agent.networks.HostNetworks;
import io.drover.agent.networks.LeaseRelease;
import io.drover.agent.link.ServerLink;
import io.drover.agent.retry.Backoff;
import io.drover.agent.tls.AgentTls;
import io.drover.agent.tls.CertificateRenewal;
import io.drover.agent.tls.HostCertificate;
import io.drover.agent.tls.ServerPin;
import io.drover.agent.vms.ConsoleLogs;
import io.drover.agent.vms.Disks;
import io.drover.agent.vms.DomainXml;
import io.drover.agent.vms.ImageCache;
import io.drover.agent.vms.Operations;
import io.drover.agent.vms.SeedIso;
import io.drover.agent.vms.ServerCommands;
import io.drover.agent.vms.VmCreate;
import io.drover.agent.vms.VmDelete;
import io.drover.agent.vms.VmFiles;
import io.drover.agent.vms.VmOperations;
import io.drover.agent.vms.VmPower;
import io.drover.agent.vms.VmResize;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.link.HostSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent, wired by hand: it joins the server once (or uses the certificate it stored),
 * decides the accelerator, then keeps the server link (facts and inventory on every link,
 * lifecycle events as they happen, commands run as VM operations) and serves its info endpoint.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("drover-agent");
    private static final Duration LIBVIRT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration IMAGE_FETCH_TIMEOUT = Duration.ofMinutes(30);
    /** Operations on different VMs run in parallel, this many at once. */
    private static final int OPERATION_THREADS = 4;

    private final AgentConfig config;
    private final Credentials credentials;
    private final HostFactsReader facts;
    private final AgentEndpoints endpoints;
    private final Hypervisor hypervisor;
    private final ServerLink link;
    private final Accelerator accel;
    private final FactsReporter factsReporter;
    private final InventoryReporter inventory;
    private final DomainEvents events;
    private final AddressWatch addresses;
    private final ExecutorService operationThreads;
    private final ExecutorService settingsThread = Executors.newSingleThreadExecutor(DaemonThreads.named("host-settings"));
    private final ServerCommands commands;
    private final ConsoleRelay consoles;
    private final AgentTls tls;
    private final CertificateRenewal renewal;
    private final Instant started = Instant.now();

    private Agent(AgentConfig config, Credentials credentials, AgentTls tls) throws IOException {
        this.config = config;
        this.credentials = credentials;
        this.tls = tls;
        this.facts = new HostFactsReader(Path.of("/proc"), config.dataDir());
        this.accel = new Accelerator(config.accel(), () -> new KvmProbe().probe());
        this.hypervisor = new Hypervisor(config.libvirtUri(), LIBVIRT_TIMEOUT);
        Domains domains = new Domains(hypervisor);
        VmFiles files = new VmFiles(config.dataDir());

        // The link is built first (everything sends through it) and started last.
        this.link = new ServerLink(config.servers(), tls::client, config.heartbeat(), Backoff.DEFAULT,
                this::received, this::linked);
        this.renewal = new CertificateRenewal(tls, credentials.hostId(), config.name(),
                () -> link.server() != null ? link.server() : config.servers().get(0), config.dataDir(),
                () -> link.reconnect("the client certificate was renewed"));
        this.factsReporter = new FactsReporter(facts, hypervisor, accel::current, link::send);
        this.inventory = new InventoryReporter(domains, link::send, config.inventoryInterval());
        this.events = new DomainEvents(domains, link::send);
        hypervisor.onLifecycle(events);
        // A started guest's addresses (its DHCP lease) within half a second or so, not at the next inventory.
        this.addresses = new AddressWatch(uuid -> domains.report(uuid, true), link::send, Duration.ofMillis(500), Duration.ofMinutes(3));
        hypervisor.onLifecycle(addresses);
        hypervisor.onConnected(inventory::request); // events may have been missed while libvirt was away

        ImageCache images = new ImageCache(files, link::server, tls::client, IMAGE_FETCH_TIMEOUT);
        DomainXml domainXml = new DomainXml(accel::domainType);
        ConsoleLogs consoleLogs = new ConsoleLogs(files);
        this.consoles = new ConsoleRelay(domains, consoleLogs, link::server, tls::client);
        HostNetworks networks = new HostNetworks(hypervisor, new LeaseRelease(config.libvirtNetns()));
        VmCreate create = new VmCreate(files, images, new Disks(), new SeedIso(), domainXml, domains, networks);
        this.operationThreads = Executors.newFixedThreadPool(OPERATION_THREADS, DaemonThreads.numbered("vm-ops"));
        Operations operations = new Operations(operationThreads, link::send,
                new VmOperations(create, new VmPower(domains, domainXml, consoleLogs), new VmResize(domains),
                        new VmDelete(domains, files, networks), domains),
                inventory::request);
        this.commands = new ServerCommands(operations, link::send, this::settings, consoles::open);

        factsReporter.start();
        inventory.start();
        link.start();
        renewal.start();
        this.endpoints = new AgentEndpoints(config.listenAddress(), config.listenPort(), this::info, this::metrics);
    }

    /**
     * Joins when it has not (with the join token, none is an error: a new key, its CSR and the
     * token over HTTPS to the pinned server), stores the key, certificate and pin, and starts
     * serving. Blocks while no server answers the join.
     */
    public static Agent start(AgentConfig config)
            throws JoinRefused, NotJoined, Credentials.OldCredential, InterruptedException, IOException {
        Optional<Credentials> stored = Credentials.load(config.dataDir());
        Credentials credentials;
        HostCertificate certificate;
        if (stored.isPresent()) {
            credentials = stored.get();
            certificate = HostCertificate.load(config.dataDir()).orElseThrow(() -> new NotJoined(
                    "the host's key and certificate (" + HostCertificate.FILE + ") are missing from " + config.dataDir()));
            if (config.serverFingerprint() != null && !config.serverFingerprint().equals(credentials.serverFingerprint())) {
                // The operator gives a new pin (the server's certificate changed): it replaces the stored one.
                credentials = new Credentials(credentials.hostId(), credentials.server(), config.serverFingerprint());
                credentials.save(config.dataDir());
            }
            log.info("using the stored certificate of host {} (joined through {}; {} valid until {})", credentials.hostId(),
                    credentials.server(), certificate.serial(), certificate.notAfter());
        } else {
            if (config.joinToken() == null || config.joinToken().isBlank()) throw new NotJoined();
            ServerPin pin = ServerPin.parse(config.serverFingerprint());
            if (pin == null) log.warn("no --server-fingerprint: trusting the server's certificate only if a public CA signed it");
            KeyPair key = HostCertificate.newKey();
            JoinClient.Joined joined = new JoinClient(AgentTls.joining(pin), config.servers(), Backoff.DEFAULT)
                    .join(config.joinToken(), config.name(), HostCertificate.csr(key, config.name()));
            certificate = HostCertificate.of(key, joined.reply().certificate());
            certificate.save(config.dataDir());
            HostCertificate.saveCa(config.dataDir(), joined.reply().caCertificate());
            credentials = new Credentials(joined.reply().hostId(), joined.server().toString(), pin == null ? null : pin.toString());
            credentials.save(config.dataDir()); // last: its presence means "joined"
            log.info("joined as host {} through {} (CA {})", credentials.hostId(), credentials.server(), joined.reply().caFingerprint());
        }
        return new Agent(config, credentials, new AgentTls(ServerPin.parse(credentials.serverFingerprint()), certificate));
    }

    private void received(JsonNode message) {
        commands.receive(message);
    }

    /** The operator's settings for this host, from the server: a new accelerator goes into the facts at once. */
    private void settings(HostSettings settings) {
        // Off the link's thread and off the VM operations' (an auto setting may run the probe, which
        // takes seconds), one at a time so the last setting wins.
        settingsThread.execute(() -> {
            if (accel.setByServer(settings.accel())) factsReporter.changed();
        });
    }

    /** On every welcome: the server learns the host and every domain afresh. */
    private void linked() {
        factsReporter.linked();
        inventory.request();
    }

    public Credentials credentials() {
        return credentials;
    }

    public int listenPort() {
        return endpoints.port();
    }

    /** Only what discovery needs: the rest is in the log (certificate, libvirt) and the server's host view (facts). */
    private AgentEndpoints.Identity info() {
        return new AgentEndpoints.Identity(Version.current(), config.name(), credentials.hostId());
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
        renewal.close();
        link.close();
        endpoints.close();
        operationThreads.shutdownNow();
        settingsThread.shutdownNow();
        factsReporter.close();
        inventory.close();
        events.close();
        addresses.close();
        hypervisor.close();
    }

    /** No stored credential and no join token: the agent cannot identify itself. */
    public static final class NotJoined extends Exception {
        NotJoined() {
            super("this host has not joined yet: start the agent once with --join-token TOKEN and --server-fingerprint "
                    + "(an admin creates both with POST /api/v1/hosts/join-tokens, which also gives the whole command)");
        }

        NotJoined(String why) {
            super(why + "; remove credentials.json there and join again with a new token");
        }
    }
}
