package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * POST /api/v1/auth/password (the current password is required) or an admin's reset (new only, or
 * none to generate). {@code revoke_tokens}: also revoke every API token of the user; null means
 * no for a user's own change and yes for an admin's reset.
 */
public record PasswordChange(@JsonProperty("current_password") String currentPassword,
                             @JsonProperty("new_password") String newPassword,
                             @JsonProperty("revoke_tokens") Boolean revokeTokens) {
    public PasswordChange(String currentPassword, String newPassword) {
        this(currentPassword, newPassword, null);
    }
}
