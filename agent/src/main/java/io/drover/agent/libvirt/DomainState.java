package io.drover.agent.libvirt;

/** One libvirt domain as the agent reports it: name, UUID and libvirt's state name (e.g. VIR_DOMAIN_RUNNING). */
public record DomainState(String name, String uuid, String state) {}
