package io.drover.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Permission;
import io.drover.server.audit.Audit;
import io.drover.server.console.ConsoleRoutes;
import io.drover.server.dashboard.DashboardRoutes;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventRoutes;
import io.drover.server.events.EventStore;
import io.drover.server.hosts.AgentSessions;
import io.drover.server.hosts.HostFleet;
import io.drover.server.hosts.Hosts;
import io.drover.server.relay.ConsoleRelays;
import io.drover.server.http.ApiDocs;
import io.drover.server.http.HttpApi;
import io.drover.server.http.Json;
import io.drover.server.http.Route;
import io.drover.server.http.limits.AddressLimits;
import io.drover.server.http.limits.LoginThrottle;
import io.drover.server.identity.Identity;
import io.drover.server.identity.SecretBox;
import io.drover.server.images.ImageDirs;
import io.drover.server.images.Images;
import io.drover.server.metrics.ServerMetrics;
import io.drover.server.projects.Projects;
import io.drover.server.store.Database;
import io.drover.server.store.Settings;
import io.drover.server.tasks.Tasks;
import io.drover.server.tls.CertificateAuthority;
import io.drover.server.tls.ServerTls;
import io.drover.server.tracker.Tracking;
import io.drover.server.networks.Networks;
import io.drover.server.vms.ImageLookup;
import io.drover.server.vms.TrackedIps;
import io.drover.server.vms.VmRecords;
import io.drover.server.vms.Vms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One running server, wired by hand from its parts. {@link Main} and the tests both start it here. */
public final class DroverServer implements AutoCloseable {
    private final Database database;
    private final Tracking tracking;
    private final EventRoutes eventRoutes;
    private final Tasks tasks;
    private final Hosts hosts;
    private final ConsoleRelays consoles;
    private final Audit audit;
    private final HttpApi http;
    private final ServerTls tls;
    private final String initialAdminPassword;
    private final List<Route> routes;

    private DroverServer(ServerConfig config, Clock clock) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data dir " + config.dataDir(), e);
        }
        ObjectMapper mapper = Json.mapper();
        this.database = Database.open(config.effectiveDbUrl(), config.dbUser(), config.dbPassword());
        try {
            this.tls = ServerTls.load(config.tls(), config.dataDir().resolve("tls"), config.publicUrl(), clock);
            EventStore eventStore = new EventStore(database.jdbi());
            EventLog events = new EventLog(eventStore.lastId());
            Projects projects = new Projects(database.jdbi(), clock, mapper);
            this.tracking = new Tracking(database.jdbi(), events, eventStore, config.liveness(), clock,
                    mapper, projects, config.publicUrl(), config.registrationToken(),
                    tls.certificate().selfSigned() ? tls.certificate().publicKeyPin() : null);
            this.eventRoutes = new EventRoutes(eventStore, events, tracking.writer()::flush, mapper);
            ApiDocs docs = new ApiDocs();
            ConsoleRoutes console = new ConsoleRoutes();
            List<Route> all = new ArrayList<>();
            all.addAll(console.routes());
            all.addAll(tracking.routes());
            all.addAll(eventRoutes.routes());
            this.tasks = new Tasks(database.jdbi(), mapper, clock);
            AgentSessions sessions = new AgentSessions(mapper);
            HostFleet fleet = new HostFleet(database.jdbi(), clock.millis());
            ServerMetrics metrics = new ServerMetrics(database.jdbi(), clock);
            metrics.watchHosts(() -> fleet.summaries(clock.millis()).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status())), sessions::connected);
            this.audit = new Audit(database.jdbi(), clock, metrics.registry());
            all.addAll(audit.routes());
            LoginThrottle logins = new LoginThrottle(config.identity().rateLimits(), clock, metrics.registry());
            VmRecords vmRecords = new VmRecords(database.jdbi(), mapper);
            Images images = new Images(database.jdbi(), config.dataDir().resolve("images"),
                    new ImageDirs(config.imageDirs(), config.dataDir()), clock, mapper,
                    vmRecords, vmRecords);
            ImageLookup imageLookup = idOrName -> images.find(idOrName).map(i -> new ImageLookup.Named(i.name(), i.ref(), i.project()));
            TrackedIps trackedIps = new TrackedIps() {
                @Override
                public Optional<String> ipOf(String project, String uuid) {
                    return tracking.ipOfUuid(project, uuid);
                }

                @Override
                public Set<String> idsAddressed(String prefix, Set<String> projects) {
                    return tracking.uuidsAddressed(prefix, projects);
                }
            };
            Networks networks = new Networks(database.jdbi(), mapper, clock, projects);
            all.addAll(networks.routes(mapper));
            Vms vms = new Vms(vmRecords, database.jdbi(), mapper, clock, config.vms(), sessions, fleet, imageLookup, trackedIps,
                    events, eventStore, tasks.runner(), projects, networks);
            this.hosts = new Hosts(database.jdbi(), fleet, sessions, vms.agentListener(), vms.hostDomains(), events, metrics,
                    new Hosts.AgentTls(tls.ca(), config.tls().agentCertificateLifetime(), tls.certificate().fingerprint(),
                            config.publicUrl(), this::port), projects, clock, mapper);
            // Loaded once: it reads (or on first start writes) the key file; DROVER_SECRET_KEY wins.
            SecretBox secrets = SecretBox.load(config.dataDir());
            Identity identity = new Identity(database.jdbi(), clock, mapper, config.identity(), projects, hosts.identity(),
                    tracking.machineIdentity(), secrets, logins);
            eventRoutes.recheckCallersOn(identity.accessChanges(), identity.guard()::current);
            this.initialAdminPassword = identity.ensureFirstAdmin().orElse(null);
            all.addAll(identity.routes());
            all.addAll(projects.routes());
            all.addAll(hosts.routes());
            all.addAll(images.routes());
            all.addAll(vms.routes());
            all.addAll(tasks.routes());
            this.consoles = new ConsoleRelays(vms, sessions, identity.guard(), hosts.identity(), mapper, clock);
            all.addAll(consoles.routes());
            all.addAll(new DashboardRoutes(fleet, vms, tasks.runner(), eventStore, tracking, clock, mapper).routes());
            all.addAll(docs.routes());
            all.add(metrics.route());
            // Liveness only, for load balancers and anyone: version, store and counts are in /metrics (issue 10, finding 13).
            metrics.describeServer(Version.current(), database.kind().label(), tracking::machineCount);
            all.add(Route.get("/healthz", Permission.PUBLIC, ctx -> ctx.json(Map.of("status", "ok"))));
            this.routes = List.copyOf(all);
            this.http = new HttpApi(config.bind(), config.port(), tls.endpoint(), config.tls().httpPort(), config.tls().httpBehindProxy(), routes,
                    new AddressLimits(config.identity().rateLimits(), clock, metrics.registry()), identity.guard(), audit.recorder(),
                    mapper, javalin -> {
                        docs.configure(javalin);
                        console.configure(javalin);
                        hosts.configure(javalin);
                        consoles.configure(javalin);
                    });
            tracking.start();
            hosts.start();
            http.start();
            // After the routes are up, so resumed tasks can hear from agents that link again.
            tasks.runner().resumeInterrupted();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public static DroverServer start(ServerConfig config) {
        return new DroverServer(config, Clock.systemUTC());
    }

    /**
     * A server whose every part reads time from {@code clock}: tests move it by hand to check
     * TOTP steps, expiries and liveness without waiting. Production uses {@link #start(ServerConfig)}.
     */
    public static DroverServer start(ServerConfig config, Clock clock) {
        return new DroverServer(config, clock);
    }

    /** The HTTPS port. */
    public int port() {
        return http.port();
    }

    /** The additional plain HTTP port ({@code --http-port}), or -1 when there is none. */
    public int httpPort() {
        return http.httpPort();
    }

    /** {@code sha256:HEX} of the certificate the HTTPS port presents (agents pin it). */
    public String fingerprint() {
        return tls.certificate().fingerprint();
    }

    /** Whether the HTTPS certificate is the self-signed one made in the data dir (clients pin it). */
    public boolean tlsSelfSigned() {
        return tls.certificate().selfSigned();
    }

    /** curl's {@code sha256//BASE64} pin of the HTTPS certificate's key, as install.sh carries it. */
    public String tlsKeyPin() {
        return tls.certificate().publicKeyPin();
    }

    /** The certificate the HTTPS port presents. */
    public X509Certificate tlsCertificate() {
        return tls.certificate().leaf();
    }

    /** Drover's CA, which signs agent certificates (tests). */
    public CertificateAuthority certificateAuthority() {
        return tls.ca();
    }

    /** The password of the admin user {@code admin} made at this start (first start only), to print once. */
    public Optional<String> initialAdminPassword() {
        return Optional.ofNullable(initialAdminPassword);
    }

    public String storeLabel() {
        return database.kind().label();
    }

    /** Every route the server serves; the OpenAPI test compares these with the spec. */
    public List<Route> routes() {
        return routes;
    }

    /** Servlet sessions held by the HTTP layer (there should be none: Drover's sessions live in the store). */
    public long servletSessions() {
        return http.servletSessions();
    }

    /** Stores everything acknowledged so far (tests; shutdown does it too). */
    public void flush() {
        tracking.writer().flush();
        audit.flush(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        // Streams first: closing an event-stream client after Jetty has stopped makes Javalin loop forever.
        eventRoutes.close();
        tasks.close();
        hosts.close();
        consoles.close();
        http.stop();
        // After the HTTP server, so the records of the last requests are in the queue it stores.
        audit.close();
        tracking.close();
        database.close();
    }
}
