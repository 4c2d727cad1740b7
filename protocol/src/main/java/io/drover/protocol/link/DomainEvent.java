package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Agent → server, type {@code domain}: a libvirt lifecycle event as it happened
 * ({@code event} e.g. STOPPED, {@code detail} e.g. DESTROYED) with the domain's state after it.
 */
public record DomainEvent(
        @JsonProperty("type") String type,
        @JsonProperty("domain") DomainReport domain,
        @JsonProperty("event") String event,
        @JsonProperty("detail") String detail,
        @JsonProperty("at_ms") long atMs) {
    public static final String TYPE = "domain";
}
