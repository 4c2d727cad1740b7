package io.drover.agent.libvirt;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What libvirt says about its host: versions as "major.minor.release", CPUs and memory libvirt sees. */
public record HypervisorFacts(
        @JsonProperty("libvirt_version") String libvirtVersion,
        @JsonProperty("qemu_version") String qemuVersion,
        @JsonProperty("cpus") int cpus,
        @JsonProperty("memory_mib") long memoryMib) {

    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    static String version(long encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }
}
