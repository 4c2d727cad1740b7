package io.drover.server.vms;

import io.drover.protocol.HostInfo;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.InventoryReport;
import io.drover.protocol.link.VmSpec;
import io.drover.server.hosts.AgentListener;
import io.drover.server.hosts.HostDomains;
import io.drover.server.tasks.TaskRunner;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the observed state true: every inventory and lifecycle event from a host updates its
 * VMs (a VM missing from a full inventory is absent). A domain whose UUID Drover never used is
 * foreign: listed on its host, never touched. A domain Drover made that no VM owns any more (a
 * create rolled back while its host was away) is deleted.
 */
final class VmObserver implements AgentListener, HostDomains {
    private static final Logger log = LoggerFactory.getLogger(VmObserver.class);

    private final VmStore store;
    private final HostCommands commands;
    private final TaskRunner tasks;
    private final VmStates states;
    private final Clock clock;
    private final Map<String, Map<String, HostInfo.ForeignDomain>> foreign = new ConcurrentHashMap<>();

    VmObserver(VmStore store, HostCommands commands, TaskRunner tasks, VmStates states, Clock clock) {
        this.store = store;
        this.commands = commands;
        this.tasks = tasks;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public void linked(String hostId) {
        commands.linked(hostId);
    }

    @Override
    public void inventory(String hostId, InventoryReport report) {
        Map<String, DomainReport> byUuid = new HashMap<>();
        for (DomainReport d : report.domains() == null ? List.<DomainReport>of() : report.domains()) {
            if (d.uuid() != null) byUuid.put(d.uuid().toLowerCase(Locale.ROOT), d);
        }
        long now = clock.millis();
        for (Vm vm : store.onHost(hostId)) {
            DomainReport d = byUuid.remove(vm.id());
            if (d == null) states.record(vm, DomainReport.ABSENT, null, List.of(), now);
            else states.record(vm, d.state(), d.reason(), d.ips(), now);
        }
        Map<String, HostInfo.ForeignDomain> others = new HashMap<>();
        for (DomainReport d : byUuid.values()) {
            if (!orphan(hostId, d)) others.put(d.uuid(), new HostInfo.ForeignDomain(d.uuid(), d.name(), d.state()));
        }
        foreign.put(hostId, others);
    }

    @Override
    public void domain(String hostId, DomainEvent event) {
        DomainReport d = event.domain();
        if (d == null || d.uuid() == null) return;
        String uuid = d.uuid().toLowerCase(Locale.ROOT);
        Vm vm = store.get(uuid).orElse(null);
        if (vm != null && hostId.equals(vm.hostId())) {
            states.record(vm, d.state(), d.reason(), d.ips(), clock.millis());
        } else if (vm == null && !store.everKnown(uuid)) {
            Map<String, HostInfo.ForeignDomain> others = foreign.computeIfAbsent(hostId, h -> new ConcurrentHashMap<>());
            if (Observed.of(d.state()) == Observed.ABSENT) others.remove(d.uuid());
            else others.put(d.uuid(), new HostInfo.ForeignDomain(d.uuid(), d.name(), d.state()));
        }
    }

    @Override
    public void progress(String hostId, CommandProgress progress) {
        commands.progress(hostId, progress);
    }

    @Override
    public void result(String hostId, CommandResult result) {
        commands.result(hostId, result);
    }

    @Override
    public List<HostInfo.ForeignDomain> foreign(String hostId) {
        return foreign.getOrDefault(hostId, Map.of()).values().stream()
                .sorted(Comparator.comparing(HostInfo.ForeignDomain::name, Comparator.nullsLast(String::compareTo)))
                .toList();
    }

    @Override
    public int vmsOn(String hostId) {
        return store.countOnHost(hostId);
    }

    @Override
    public void hostRemoved(String hostId) {
        int released = store.releaseAll(hostId, "its host " + hostId + " was removed");
        foreign.remove(hostId);
        log.info("host {} was removed with {} VM(s) on it; they are in error and hold nothing", hostId, released);
    }

    /**
     * Whether the domain is Drover's rather than foreign; a leftover of a VM that is gone or was
     * never placed (a create rolled back while its host was away) is deleted. A domain of a VM
     * placed on another host is left alone: hosts sharing one libvirt (a test set-up) must not
     * delete each other's VMs.
     */
    private boolean orphan(String hostId, DomainReport d) {
        String uuid = d.uuid().toLowerCase(Locale.ROOT);
        if (!store.everKnown(uuid)) return false;
        Vm vm = store.get(uuid).orElse(null);
        if (vm != null && vm.hostId() != null) return true; // Drover's, on another host
        if (tasks.busy(uuid)) return true;
        log.info("host {} still has domain {} ({}) of a VM that is gone or was never placed; deleting it", hostId, d.name(), uuid);
        commands.sendAndForget(hostId, AgentCommand.DELETE, new VmSpec(uuid, d.name(), 0, 0, 0, null, null, null, 0));
        return true;
    }
}
