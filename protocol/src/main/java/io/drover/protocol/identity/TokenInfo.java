package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An API token as listed: never its secret. {@code token} is set only in the answer that created it. */
public record TokenInfo(@JsonProperty("id") String id, @JsonProperty("name") String name,
                        @JsonProperty("read_only") boolean readOnly, @JsonProperty("created_at") String createdAt,
                        @JsonProperty("expires_at") String expiresAt, @JsonProperty("last_used_at") String lastUsedAt,
                        @JsonProperty("token") String token) {}
