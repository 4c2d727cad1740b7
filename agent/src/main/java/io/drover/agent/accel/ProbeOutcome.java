package io.drover.agent.accel;

/**
 * What the KVM probe saw: whether /dev/kvm is usable, whether SeaBIOS ran under KVM (its banner
 * reached the debug console), and whether a Linux kernel got as far as printing its banner
 * ({@code null} when no kernel was there to try).
 */
public record ProbeOutcome(boolean kvmDevice, boolean biosRan, Boolean kernelRan, String detail) {}
