package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One libvirt domain as its host sees it. {@code uuid} is the libvirt UUID, which is the Drover
 * VM id for the domains Drover created; a domain whose UUID the server does not know is foreign.
 * {@code state}: {@code running}, {@code stopped}, {@code paused} (as asked: a suspend, or a job such
 * as a save), {@code shutting_down}, {@code error} (stopped running by itself: QEMU paused it on an
 * error, or the guest crashed; only a force-stop brings it back), {@code absent} (not defined on the
 * host) or {@code other}; agents before {@code error} said {@code crashed}. {@code reason} is
 * libvirt's reason for a paused, error or stopped state as a lower-case word ({@code user},
 * {@code unknown}, {@code ioerror}, {@code watchdog}, {@code panicked}, {@code destroyed},
 * {@code shutdown}, …), absent when libvirt gave none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainReport(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("name") String name,
        @JsonProperty("state") String state,
        @JsonProperty("reason") String reason,
        @JsonProperty("cpus") Integer cpus,
        @JsonProperty("memory_mib") Long memoryMib,
        @JsonProperty("ips") List<GuestIp> ips) {
    public static final String RUNNING = "running", STOPPED = "stopped", PAUSED = "paused",
            SHUTTING_DOWN = "shutting_down", ERROR = "error", CRASHED = "crashed", ABSENT = "absent", OTHER = "other";

    /** The same report with these IPs. */
    public DomainReport withIps(List<GuestIp> addresses) {
        return new DomainReport(uuid, name, state, reason, cpus, memoryMib, addresses);
    }
}
