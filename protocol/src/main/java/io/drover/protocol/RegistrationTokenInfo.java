package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A project's registration token as listed: never its secret. {@code token} and
 * {@code install_command} (the one-line tracker install that embeds it) are set only in the
 * answer that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationTokenInfo(
        @JsonProperty("id") String id,
        @JsonProperty("project") String project,
        @JsonProperty("name") String name,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("revoked_at") String revokedAt,
        @JsonProperty("token") String token,
        @JsonProperty("install_command") String installCommand) {
    public RegistrationTokenInfo withInstallCommand(String command) {
        return new RegistrationTokenInfo(id, project, name, createdAt, createdBy, revokedAt, token, command);
    }
}
