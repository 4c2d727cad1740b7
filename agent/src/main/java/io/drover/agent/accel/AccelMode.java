package io.drover.agent.accel;

/** What the operator asked for with {@code --accel}: KVM where a probe guest really runs under it (auto), or one of the two. */
public enum AccelMode { AUTO, KVM, TCG }
