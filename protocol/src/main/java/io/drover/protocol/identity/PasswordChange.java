package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /api/v1/auth/password (the current password is required) or an admin's reset (new only, or none to generate). */
public record PasswordChange(@JsonProperty("current_password") String currentPassword,
                             @JsonProperty("new_password") String newPassword) {}
