package io.drover.server.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.EventInfo;
import io.drover.protocol.link.GuestIp;
import io.drover.protocol.link.NetworkSpec;
import io.drover.server.events.Event;
import io.drover.server.events.EventAudience;
import io.drover.server.events.EventStore;
import io.drover.server.hosts.HostFleet;
import io.drover.server.http.Rfc3339;
import io.drover.server.networks.Networks;
import io.drover.server.tasks.TaskRunner;
import io.drover.server.tasks.TaskView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Turns stored VMs into what the API shows: status from the host's liveness, IPs in order of trust. */
final class VmViews {
    /** Where an address came from, most trusted first; the tracker's heartbeat comes last. */
    static final List<String> IP_SOURCES = List.of("agent", "lease", "arp", "tracker");

    private final HostFleet fleet;
    private final TrackedIps tracked;
    private final ImageLookup images;
    private final Map<String, ImageLookup.Named> knownImages = new ConcurrentHashMap<>();
    private final Networks networks;
    private final TaskRunner tasks;
    private final EventStore events;
    private final ObjectMapper mapper;
    private final Clock clock;

    VmViews(HostFleet fleet, TrackedIps tracked, ImageLookup images, Networks networks, TaskRunner tasks, EventStore events,
            ObjectMapper mapper, Clock clock) {
        this.networks = networks;
        this.events = events;
        this.fleet = fleet;
        this.tracked = tracked;
        this.images = images;
        this.tasks = tasks;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Host id to (name, status) for a batch of VMs. */
    Map<String, HostFleet.Summary> hosts() {
        return fleet.summaries(clock.millis());
    }

    VmStatus status(Vm vm, Map<String, HostFleet.Summary> hosts) {
        return status(vm.phase(), vm.hostId(), vm.observed(), hosts);
    }

    /** The status of a VM with this phase, host and observed state, given every host's liveness. */
    VmStatus status(Vm.Phase phase, String hostId, String observed, Map<String, HostFleet.Summary> hosts) {
        HostFleet.Summary host = hostId == null ? null : hosts.get(hostId);
        return VmStatus.of(phase, hostId, observed, host == null ? null : host.status());
    }

    /** VMs of {@code projects} (null: all) whose in-guest tracker reports an address beginning with {@code prefix}. */
    Set<String> trackedWithAddress(String prefix, Set<String> projects) {
        return tracked.idsAddressed(prefix, projects);
    }

    VmView summary(Vm vm, Map<String, HostFleet.Summary> hosts) {
        return view(vm, hosts, false);
    }

    VmView detail(Vm vm) {
        return view(vm, hosts(), true);
    }

    List<GuestIp> ips(Vm vm) {
        List<GuestIp> out = new ArrayList<>(vm.ips() == null ? List.of() : vm.ips());
        tracked.ipOf(vm.project(), vm.id()).ifPresent(ip -> {
            if (out.stream().noneMatch(g -> g.address().equals(ip))) out.add(new GuestIp(ip, "tracker"));
        });
        out.sort(Comparator.comparingInt(g -> {
            int i = IP_SOURCES.indexOf(g.source());
            return i < 0 ? IP_SOURCES.size() : i;
        }));
        return out;
    }

    /**
     * The disks as the agent lays them out: a qcow2 overlay on the image (or, for an ISO, a blank
     * disk with the ISO as a cdrom) and the read-only NoCloud seed.
     */
    static List<VmView.Disk> disks(Vm vm, String imageFormat) {
        List<VmView.Disk> out = new ArrayList<>(List.of(new VmView.Disk("vda", "iso".equals(imageFormat) ? "blank" : "overlay", vm.diskGib()),
                new VmView.Disk("vdb", "seed", null)));
        if ("iso".equals(imageFormat)) out.add(new VmView.Disk("sda", "cdrom", null));
        return out;
    }

    /**
     * An image by id. Images never change and one in use cannot be deleted, so an image once
     * found is kept: a page of VMs costs one image lookup, not one per VM.
     */
    private Optional<ImageLookup.Named> image(String imageId) {
        if (imageId == null) return Optional.empty();
        ImageLookup.Named known = knownImages.get(imageId);
        if (known != null) return Optional.of(known);
        Optional<ImageLookup.Named> found = images.find(imageId);
        found.ifPresent(n -> {
            if (knownImages.size() >= 10_000) knownImages.clear();
            knownImages.put(imageId, n);
        });
        return found;
    }

    private VmView view(Vm vm, Map<String, HostFleet.Summary> hosts, boolean detailed) {
        HostFleet.Summary host = vm.hostId() == null ? null : hosts.get(vm.hostId());
        List<GuestIp> ips = ips(vm);
        Optional<ImageLookup.Named> named = image(vm.imageId());
        String image = named.map(ImageLookup.Named::name).orElse(vm.imageId());
        List<VmView.Disk> disks = detailed ? disks(vm, named.map(n -> n.ref().format()).orElse(null)) : null;
        List<VmView.Nic> nics = detailed ? nics(vm) : null;
        List<TaskView> recent = detailed ? tasks.page(null, null, vm.id(), null, null, 10).stream().map(t -> TaskView.of(t, mapper)).toList() : null;
        // Events are named by the VM's name, which is also its guest's hostname: the tracker's events show too,
        // but not those of another project's machine that has the same name.
        List<EventInfo> history = detailed ? events.page(null, 20, vm.name(), null, new EventAudience(Set.of(vm.project()), true))
                .stream().map(Event::info).toList() : null;
        return new VmView(vm.id(), vm.name(), vm.project(), VmStatus.of(vm, host == null ? null : host.status()).wire(), vm.cpus(), vm.memoryMib(),
                vm.diskGib(), image, vm.hostId(), host == null ? null : host.name(), vm.desired().wire(), vm.observed(), vm.observedReason(),
                vm.observedMs() == null ? null : Rfc3339.format(vm.observedMs()), ips.isEmpty() ? null : ips.get(0).address(),
                ips, error(vm), Rfc3339.format(vm.createdMs()), disks, nics, recent, history);
    }

    /** The VM's NICs; a VM made without any has QEMU's user-mode NIC, shown as such. */
    private List<VmView.Nic> nics(Vm vm) {
        List<VmView.Nic> out = networks.specsOf(vm.id()).stream()
                .map(n -> new VmView.Nic(n.network().name(), n.network().kind(), n.mac(), n.address())).toList();
        return out.isEmpty() ? List.of(new VmView.Nic(null, NetworkSpec.USER, null, null)) : out;
    }

    /** What went wrong: a failed create or the like, else why a VM stopped running by itself. */
    private static String error(Vm vm) {
        if (vm.error() != null) return vm.error();
        return Observed.of(vm.observed()).isFault() ? VmFaults.words(vm.observedReason()) + "; " + VmFaults.ADVICE : null;
    }
}
