package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A user as the API shows it: never a password hash, a TOTP secret or recovery codes. */
public record UserInfo(@JsonProperty("id") String id, @JsonProperty("username") String username,
                       @JsonProperty("source") String source, @JsonProperty("role") String role,
                       @JsonProperty("projects") List<String> projects, @JsonProperty("disabled") boolean disabled,
                       @JsonProperty("totp_enabled") boolean totpEnabled, @JsonProperty("created_at") String createdAt,
                       @JsonProperty("last_login_at") String lastLoginAt) {}
