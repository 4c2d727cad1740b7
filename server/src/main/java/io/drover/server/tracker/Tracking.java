package io.drover.server.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventStore;
import io.drover.server.http.Route;
import io.drover.server.identity.MachineIdentity;
import io.drover.server.projects.Projects;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The machine-tracking feature, wired: registry loaded from the store, write-behind, liveness jobs, routes. */
public final class Tracking implements AutoCloseable {
    /** An acknowledged heartbeat reaches the store within this interval plus one write (well under 1 s). */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

    private final MachineRegistry registry;
    private final MachineWriter writer;
    private final Liveness liveness;
    private final RegistrationTokens registrations;
    private final List<Route> routes = new ArrayList<>();

    /** @param registrationToken the server-wide registration token (machines it admits join {@code default}), or null */
    public Tracking(Jdbi jdbi, EventLog events, EventStore eventStore, LivenessPolicy policy, Clock clock,
                    ObjectMapper mapper, Projects projects, String publicUrl, String registrationToken, String tlsPin) {
        MachineStore store = new MachineStore(jdbi);
        this.registry = new MachineRegistry(store.loadAll(), events, clock);
        this.writer = new MachineWriter(registry, store, new SeenLog(jdbi), events, eventStore, jdbi);
        this.liveness = new Liveness(registry, policy);
        routes.addAll(new LegacyTrackerRoutes(registry, mapper).routes());
        routes.addAll(new MachineRoutes(registry).routes());
        this.registrations = new RegistrationTokens(jdbi, clock, projects, registrationToken);
        InstallScript install = new InstallScript(publicUrl, registrationToken, registrations, tlsPin);
        routes.addAll(install.routes());
        routes.addAll(new RegistrationTokenRoutes(registrations, install, mapper).routes());
    }

    public void start() {
        writer.start(FLUSH_INTERVAL);
        liveness.start();
        registrations.start();
    }

    public List<Route> routes() {
        return routes;
    }

    /** Which project a machine reporting in belongs to, for the guard. */
    public MachineIdentity machineIdentity() {
        return registrations;
    }

    public MachineWriter writer() {
        return writer;
    }

    /**
     * The IPv4 that the online tracker inside the machine with this SMBIOS UUID reports, when it
     * reports with a registration token of {@code project}.
     */
    public Optional<String> ipOfUuid(String project, String uuid) {
        return registry.byUuid(project, uuid).map(Machine::ipAddress);
    }

    /** See {@code vms.TrackedIps#idsAddressed}. */
    public Set<String> uuidsAddressed(String prefix, Set<String> projects) {
        return registry.uuidsAddressed(prefix, projects);
    }

    /** How many machines of {@code projects} (all when null) are online and offline. */
    public Map<String, Integer> statusCounts(Set<String> projects) {
        Map<String, Integer> counts = new TreeMap<>(Map.of(MachineStatus.ONLINE.wire(), 0, MachineStatus.OFFLINE.wire(), 0));
        for (Machine m : registry.all(projects)) counts.merge(m.status().wire(), 1, Integer::sum);
        return counts;
    }

    public int machineCount() {
        return registry.size();
    }

    @Override
    public void close() {
        registrations.close();
        liveness.close();
        writer.close();
    }
}
