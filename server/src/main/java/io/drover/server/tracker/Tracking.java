package io.drover.server.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.events.EventLog;
import io.drover.server.events.EventStore;
import io.drover.server.http.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The machine-tracking feature, wired: registry loaded from the store, write-behind, liveness jobs, routes. */
public final class Tracking implements AutoCloseable {
    /** An acknowledged heartbeat reaches the store within this interval plus one write (well under 1 s). */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

    private final MachineRegistry registry;
    private final MachineWriter writer;
    private final Liveness liveness;
    private final List<Route> routes = new ArrayList<>();

    public Tracking(Jdbi jdbi, EventLog events, EventStore eventStore, LivenessPolicy policy, Clock clock,
                    ObjectMapper mapper, String publicUrl, String registrationToken, String tlsPin) {
        MachineStore store = new MachineStore(jdbi);
        this.registry = new MachineRegistry(store.loadAll(), events, clock);
        this.writer = new MachineWriter(registry, store, new SeenLog(jdbi), events, eventStore, jdbi);
        this.liveness = new Liveness(registry, policy);
        routes.addAll(new SeedRoutes(registry, mapper).routes());
        routes.addAll(new MachineRoutes(registry).routes());
        routes.addAll(new InstallScript(publicUrl, registrationToken, tlsPin).routes());
    }

    public void start() {
        writer.start(FLUSH_INTERVAL);
        liveness.start();
    }

    public List<Route> routes() {
        return routes;
    }

    public MachineWriter writer() {
        return writer;
    }

    /** The IPv4 that the online tracker inside the machine with this SMBIOS UUID reports. */
    public Optional<String> ipOfUuid(String uuid) {
        return registry.byUuid(uuid).map(Machine::ipAddress);
    }

    public int machineCount() {
        return registry.size();
    }

    @Override
    public void close() {
        liveness.close();
        writer.close();
    }
}
