package io.drover.agent.accel;

import io.drover.agent.AgentConfig;

/**
 * Which accelerator guests get. {@code kvm} and {@code tcg} are the operator's word; {@code auto}
 * takes KVM only when a probe guest really ran under it. Firmware alone is not proof: under
 * nested virtualisation SeaBIOS can run while a real kernel hangs once it leaves real mode, so
 * when a kernel was available to try, it must have printed its banner too.
 */
public final class AccelDecision {
    public static final String KVM = "kvm", TCG = "tcg";

    private AccelDecision() {}

    public static String decide(AgentConfig.Accel requested, ProbeOutcome probe) {
        return switch (requested) {
            case KVM -> KVM;
            case TCG -> TCG;
            case AUTO -> probe != null && probe.kvmDevice() && probe.biosRan() && !Boolean.FALSE.equals(probe.kernelRan()) ? KVM : TCG;
        };
    }

    /** libvirt's domain type for the accelerator. */
    public static String domainType(String accel) {
        return KVM.equals(accel) ? "kvm" : "qemu";
    }
}
