package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a VM should be, as the server tells its host. {@code id} is a UUID and becomes the
 * domain's UUID and SMBIOS UUID; {@code name} (1–63 letters, digits and '-') is the domain name
 * and the guest's hostname. Files on the host are named by {@code id}, never by {@code name}.
 * {@code nics} absent or empty: one QEMU user-mode NIC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VmSpec(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("cpus") int cpus,
        @JsonProperty("memory_mib") long memoryMib,
        @JsonProperty("disk_gib") long diskGib,
        @JsonProperty("image") ImageRef image,
        @JsonProperty("ssh_keys") List<String> sshKeys,
        @JsonProperty("user_data") String userData,
        @JsonProperty("stop_timeout_seconds") int stopTimeoutSeconds,
        @JsonProperty("start") Boolean start,
        @JsonProperty("nics") List<NicSpec> nics) {

    /** A spec whose create starts the VM (the default), with QEMU's user-mode NIC. */
    public VmSpec(String id, String name, int cpus, long memoryMib, long diskGib, ImageRef image, List<String> sshKeys,
                  String userData, int stopTimeoutSeconds) {
        this(id, name, cpus, memoryMib, diskGib, image, sshKeys, userData, stopTimeoutSeconds, null, null);
    }

    /** The NICs to make: none listed means one user-mode NIC (what every VM had before networks). */
    public List<NicSpec> nicsOrUser() {
        return nics == null || nics.isEmpty() ? List.of(new NicSpec(null, new NetworkSpec("user", NetworkSpec.USER, null, null, null),
                null, null, null, null)) : nics;
    }

    /** Whether a create ends by starting the VM ({@code start} absent means yes). */
    public boolean startsOnCreate() {
        return !Boolean.FALSE.equals(start);
    }
}
