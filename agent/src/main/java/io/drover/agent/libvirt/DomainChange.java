package io.drover.agent.libvirt;

/** A libvirt lifecycle event: the domain, the event type (STARTED, STOPPED, …) and its detail (BOOTED, DESTROYED, …). */
public record DomainChange(String name, String uuid, String type, String detail, long atMs) {}
