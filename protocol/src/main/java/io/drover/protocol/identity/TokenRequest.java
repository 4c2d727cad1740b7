package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /api/v1/auth/tokens: a name, a lifetime (default 90 days, at most 1 year) and an optional read-only scope. */
public record TokenRequest(@JsonProperty("name") String name, @JsonProperty("ttl_seconds") Long ttlSeconds,
                           @JsonProperty("read_only") Boolean readOnly) {}
