package io.drover.agent.accel;

/**
 * What the KVM probe found: whether guests really run under KVM here, and in words why (or why
 * not), as the host's detail shows it.
 */
public record ProbeOutcome(boolean kvmWorks, String detail) {}
