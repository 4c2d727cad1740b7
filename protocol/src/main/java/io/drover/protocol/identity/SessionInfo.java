package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who is signed in, and the CSRF token a browser session sends in X-CSRF-Token with every change. */
public record SessionInfo(@JsonProperty("user") UserInfo user, @JsonProperty("via") String via,
                          @JsonProperty("csrf_token") String csrfToken, @JsonProperty("expires_at") String expiresAt,
                          @JsonProperty("read_only") boolean readOnly) {}
