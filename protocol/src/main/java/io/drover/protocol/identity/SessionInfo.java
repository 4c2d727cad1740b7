package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Who is signed in, and the CSRF token a browser session sends in X-CSRF-Token with every change.
 *
 * @param permissions every permission the caller holds, named as the spec's {@code x-permission}
 *                    (a read-only token holds no permission that changes state)
 * @param allProjects whether they hold in every project and outside projects (admins), rather than
 *                    only in {@code user.projects}
 */
public record SessionInfo(@JsonProperty("user") UserInfo user, @JsonProperty("via") String via,
                          @JsonProperty("csrf_token") String csrfToken, @JsonProperty("expires_at") String expiresAt,
                          @JsonProperty("read_only") boolean readOnly, @JsonProperty("permissions") List<String> permissions,
                          @JsonProperty("all_projects") boolean allProjects) {}
